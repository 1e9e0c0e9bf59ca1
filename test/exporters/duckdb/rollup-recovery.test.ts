import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Database } from '../../../src/storage/database.js';
import { GroupCommit, type CommitInput, type CommitPolicy } from '../../../src/exporters/duckdb/group-commit.js';
import { Dictionary } from '../../../src/exporters/duckdb/dictionary.js';
import type { ActivityRecord, CallRecord, CallStatus } from '../../../src/pipeline/records.js';
import type { LineageFixup } from '../../../src/pipeline/batch.js';
import { makeActivity, makeCall } from '../../support/records.js';
import { tempDir } from '../../support/temp-dir.js';

const UNDER_LOAD: CommitPolicy = { mergeNow: () => false, beginNext: () => false };
const IDLE: CommitPolicy = { mergeNow: () => true, beginNext: () => false };
const T0 = Date.parse('2026-11-20T10:15:00Z') * 1000;

/** A deterministic mix of what the roll-ups count differently: errors, retries, unpriced calls, tools, costs. */
function records(seed: number, calls: number, activities: number): { calls: CallRecord[]; activities: ActivityRecord[] } {
  let state = seed;
  const next = (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
  // Every record ends at its own microsecond: a run's last_status is then one record's, whatever the order.
  let clock = T0 + seed * 1e9;
  const span = () => {
    clock += 1 + next(40 * 60e6);
    return { startUs: clock, endUs: clock + 1 + next(5e6) };
  };
  const status = (): CallStatus => (next(7) === 0 ? 'error' : 'ok');
  const names = { tenant: ['default', 'acme'], agent: ['planner', 'writer', 'coder'], run: ['r1', 'r2', 'r3', 'r4'], task: ['research', null] };
  const pick = <T>(list: T[]) => list[next(list.length)]!;
  const callList = Array.from({ length: calls }, () => {
    const unpriced = next(5) === 0;
    const cost = { inputCost: next(3_000_000), outputCost: next(2_000_000), cacheReadCost: next(100_000), cacheWriteCost: next(50_000), reasoningCost: 0, otherCost: next(2) * 1_000 };
    return makeCall({
      ...span(),
      tenant: pick(names.tenant), agent: pick(names.agent), runId: pick(names.run), taskType: pick(names.task), status: status(),
      provider: pick(['openai', 'anthropic']), responseModel: pick(['', 'gpt-4o-2024-08-06', 'claude-sonnet-4']), requestModel: 'gpt-4o',
      category: pick(['llm', 'embeddings'] as const), isRetry: next(6) === 0,
      inputTokens: next(5_000), outputTokens: next(1_000), cacheReadTokens: next(300), cacheWriteTokens: next(200), reasoningTokens: next(100),
      cost: unpriced ? null : { ...cost, totalCost: cost.inputCost + cost.outputCost + cost.cacheReadCost + cost.cacheWriteCost + cost.otherCost },
      priceSource: unpriced ? 'unpriced' : 'catalog',
    });
  });
  const activityList = Array.from({ length: activities }, () => {
    const kind = next(3);
    return makeActivity({
      ...span(),
      tenant: pick(names.tenant), agent: pick(names.agent), runId: pick(names.run), taskType: pick(names.task), status: status(),
      eventType: kind === 0 ? 'tool_call' : kind === 1 ? 'cost' : 'agent_invocation',
      name: pick(['web_search', 'scrape', 'planner']),
      costNanos: next(2) === 0 ? null : 1 + next(900_000),
      attributesJson: kind === 1 && next(2) === 0 ? '{"tokentally.category":"scraping"}' : '',
    });
  });
  return { calls: callList, activities: activityList };
}

describe('roll-up deltas held in memory between merges', () => {
  let dir: { dir: string; cleanup: () => void };
  const opened: Array<{ db: Database; close: () => void }> = [];

  async function openFile(name: string) {
    const db = await Database.open({ path: join(dir.dir, `${name}.duckdb`) });
    const con = await db.connect();
    const dict = new Dictionary();
    await dict.load(con);
    const commit = await GroupCommit.prepare(con, dict);
    const handle = {
      db,
      commit,
      con,
      /** Ends the process's hold on the file without merging: what a crash leaves. */
      crash: () => {
        commit.close();
        con.closeSync();
        db.close();
        opened.splice(opened.indexOf(handle), 1);
      },
      close: () => handle.crash(),
      rows: async (sql: string) => (await con.runAndReadAll(sql)).getRowObjectsJS(),
    };
    opened.push(handle);
    return handle;
  }

  /** Every roll-up table, in a stable order. */
  async function rollups(file: Awaited<ReturnType<typeof openFile>>) {
    const tables = ['hourly_usage', 'daily_usage', 'runs', 'run_agents'];
    return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await file.rows(`SELECT * FROM ${t} ORDER BY ALL`)] as const)));
  }

  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => {
    for (const file of [...opened]) file.close();
    dir.cleanup();
  });

  it('rebuilds after a crash exactly the roll-ups that merging from memory gives', async () => {
    const groups: CommitInput[] = [0, 1, 2, 3, 4].map((g) => ({ ...records(g + 1, 60, 15), fixups: [] }));
    const merged = await openFile('merged');
    for (const group of groups) await merged.commit.run(group, IDLE);

    const crashed = await openFile('crashed');
    for (const group of groups) await crashed.commit.run(group, UNDER_LOAD);
    // The deltas are in memory only: nothing pending in the file, and every row past the watermark.
    expect(await crashed.rows(`SELECT (SELECT count(*) FROM rollup_pending_hourly) + (SELECT count(*) FROM rollup_pending_runs) AS pending,
      (SELECT seq FROM rollup_watermark) AS watermark, (SELECT count(*) FROM daily_usage) AS daily,
      (SELECT count(*) FROM llm_calls_raw WHERE commit_seq > (SELECT seq FROM rollup_watermark)) AS calls_past,
      (SELECT count(*) FROM activity WHERE commit_seq > (SELECT seq FROM rollup_watermark)) AS activity_past`)).toEqual([
      { pending: 0n, watermark: 0n, daily: 0n, calls_past: 300n, activity_past: 75n },
    ]);
    crashed.crash();

    const restarted = await openFile('crashed');
    const expected = await rollups(merged);
    expect(expected.runs.length).toBeGreaterThan(4);
    expect(await rollups(restarted)).toEqual(expected);
    expect(await restarted.rows('SELECT seq FROM rollup_watermark')).toEqual([{ seq: 5n }]);
    // Started again, nothing is added twice.
    restarted.crash();
    expect(await rollups(await openFile('crashed'))).toEqual(expected);
  });

  it('moves a record once when a fix-up follows commits whose deltas were still in memory, crash or not', async () => {
    const first = records(11, 40, 10);
    const traceId = 'ab'.repeat(16);
    const late = first.calls.slice(0, 6).map((c) => ({ ...c, tenant: 'default', traceId, runId: traceId }));
    const fixups: LineageFixup[] = late.map((c) => ({ tenant: c.tenant, traceId, spanId: c.spanId, agent: 'fixed-agent', runId: 'fixed-run', sessionId: null, startUs: c.startUs }));
    const groups: CommitInput[] = [
      { calls: [...late, ...first.calls.slice(6)], activities: first.activities, fixups: [] },
      { ...records(12, 30, 5), fixups },
      { ...records(13, 30, 5), fixups: [] },
    ];
    const merged = await openFile('merged');
    for (const group of groups) await merged.commit.run(group, IDLE);

    const crashed = await openFile('crashed');
    for (const group of groups) await crashed.commit.run(group, UNDER_LOAD);
    // The fix-up commit put every earlier delta in the file first; only the last commit's is in memory.
    expect(await crashed.rows('SELECT seq FROM rollup_watermark')).toEqual([{ seq: 2n }]);
    crashed.crash();

    const restarted = await openFile('crashed');
    const expected = await rollups(merged);
    expect(expected.run_agents.filter((r) => r.run_id === 'fixed-run')).toEqual([
      expect.objectContaining({ agent: 'fixed-agent', calls: 6n }),
    ]);
    expect(await rollups(restarted)).toEqual(expected);
  });
});
