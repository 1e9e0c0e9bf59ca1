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

  /** Every roll-up table, in a stable order; not the runs' merged_seq and created_seq, which say which merges wrote a row. */
  async function rollups(file: Awaited<ReturnType<typeof openFile>>) {
    const columns = { hourly_usage: '*', daily_usage: '*', runs: '* EXCLUDE (merged_seq, created_seq)', run_agents: '* EXCLUDE (merged_seq)' };
    return Object.fromEntries(await Promise.all(Object.entries(columns).map(async ([t, c]) => [t, await file.rows(`SELECT ${c} FROM ${t} ORDER BY ALL`)] as const)));
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

  it('moves a record once when its fix-up waits for a merge, whether the merge comes or a crash does', async () => {
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
    const expected = await rollups(merged);
    expect(expected.run_agents.filter((r) => r.run_id === 'fixed-run')).toEqual([
      expect.objectContaining({ agent: 'fixed-agent', calls: 6n }),
    ]);
    const fixedRows = async (file: Awaited<ReturnType<typeof openFile>>) =>
      file.rows(`SELECT run_id, agent, count(*)::INTEGER AS n FROM llm_calls WHERE trace_id = '${traceId}' GROUP BY ALL`);

    for (const name of ['later', 'crashed']) {
      const file = await openFile(name);
      for (const group of groups) await file.commit.run(group, UNDER_LOAD);
      // Under load nothing is merged: the deltas are in memory, the fix-ups wait in the file and
      // the rows are still as first stored.
      expect(await file.rows('SELECT (SELECT seq FROM rollup_watermark) AS watermark, (SELECT count(*) FROM pending_fixups) AS fixups')).toEqual([{ watermark: 0n, fixups: 6n }]);
      expect(await file.rows(`SELECT DISTINCT run_id, agent = 'fixed-agent' AS fixed FROM llm_calls WHERE trace_id = '${traceId}'`)).toEqual([{ run_id: traceId, fixed: false }]);
      let restarted = file;
      if (name === 'later') {
        // The merge tells budgets what it moved: each call withdrawn from the trace's run, added to its new one.
        const moved = await file.commit.mergeRollups();
        expect(moved.filter((m) => m.calls === -1).map((m) => m.runId)).toEqual(late.map(() => traceId));
        expect(moved.filter((m) => m.calls === 1).map((m) => [m.runId, m.agent])).toEqual(late.map(() => ['fixed-run', 'fixed-agent']));
      } else {
        file.crash();
        restarted = await openFile(name);
      }
      expect(await rollups(restarted)).toEqual(expected);
      expect(await fixedRows(restarted)).toEqual([{ run_id: 'fixed-run', agent: 'fixed-agent', n: 6 }]);
      expect(await restarted.rows('SELECT count(*) AS fixups FROM pending_fixups')).toEqual([{ fixups: 0n }]);
    }
  });

  it('takes each field of a record fixed up by two commits from the later one that gives it, merged at once or after a crash', async () => {
    const traceId = 'cd'.repeat(16);
    const { calls, activities } = records(21, 20, 4);
    const late = calls.slice(0, 3).map((c) => ({ ...c, tenant: 'default', traceId, runId: traceId, agent: 'svc', sessionId: null }));
    const fix = (agent: string | null, runId: string | null, sessionId: string | null): LineageFixup[] =>
      late.map((c) => ({ tenant: 'default', traceId, spanId: c.spanId, agent, runId, sessionId, startUs: c.startUs }));
    const groups: CommitInput[] = [
      { calls: [...late, ...calls.slice(3)], activities, fixups: [] },
      // The agent span came (with a session), then the root, naming the run and another agent.
      { ...records(22, 10, 2), fixups: fix('first-agent', null, 'sess-1') },
      { ...records(23, 10, 2), fixups: fix('root-agent', 'run-9', null) },
    ];
    const merged = await openFile('merged');
    for (const group of groups) await merged.commit.run(group, IDLE);
    const expected = await rollups(merged);
    const fixed = (file: Awaited<ReturnType<typeof openFile>>) =>
      file.rows(`SELECT run_id, agent, session_id, count(*)::INTEGER AS n FROM llm_calls WHERE trace_id = '${traceId}' GROUP BY ALL`);
    expect(await fixed(merged)).toEqual([{ run_id: 'run-9', agent: 'root-agent', session_id: 'sess-1', n: 3 }]);

    const crashed = await openFile('crashed');
    for (const group of groups) await crashed.commit.run(group, UNDER_LOAD);
    crashed.crash();
    const restarted = await openFile('crashed');
    expect(await fixed(restarted)).toEqual([{ run_id: 'run-9', agent: 'root-agent', session_id: 'sess-1', n: 3 }]);
    expect(await rollups(restarted)).toEqual(expected);
  });
});
