import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { queryFile, spawnTestServer } from '../support/server.js';
import { tempDir } from '../support/temp-dir.js';
import { chatSpecs, postOtlp, protobufBody, readableSpans } from '../support/otlp.js';

const T0 = Date.parse('2026-11-21T08:00:00Z');
const BATCHES = 60;
const SPANS_PER_BATCH = 200;

describe('durability: acknowledged spans survive SIGKILL; retries after restart count once', () => {
  const dir = tempDir();
  const dbPath = join(dir.dir, 'tokentally.duckdb');
  const bodies = Array.from({ length: BATCHES }, (_, b) => {
    const spans = readableSpans(chatSpecs(SPANS_PER_BATCH, T0 + b * 10_000, { 'tokentally.run_id': `load-${b}` }));
    return { spanIds: spans.map((s) => s.spanContext().spanId), body: protobufBody(spans) };
  });
  const acknowledged: string[] = [];

  beforeAll(async () => {
    const server = await spawnTestServer(dir.dir);
    let next = 0;
    const sender = async () => {
      while (next < bodies.length) {
        const batch = bodies[next++]!;
        try {
          const res = await postOtlp(server.otlpHttpUrl, batch.body);
          if (res.status === 200) acknowledged.push(...batch.spanIds);
        } catch {
          return; // the connection died with the server
        }
      }
    };
    const senders = Promise.all(Array.from({ length: 8 }, sender));
    while (acknowledged.length < 20 * SPANS_PER_BATCH) await new Promise((r) => setTimeout(r, 2));
    server.child.kill('SIGKILL');
    await senders;
    await server.exited;
  });
  afterAll(() => dir.cleanup());

  it('finds every acknowledged span in the file after the kill', async () => {
    const rows = await queryFile(dbPath, 'SELECT span_id FROM llm_calls');
    const stored = new Set(rows.map((r) => r.span_id as string));
    expect(acknowledged.length).toBeGreaterThanOrEqual(20 * SPANS_PER_BATCH);
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    expect(stored.size).toBe(rows.length);
    // Every call counts in the roll-ups: merged, pending in the file, or stored past the watermark
    // (its delta was in memory; the next start adds it again from the row).
    const [rolled] = await queryFile(dbPath, `
      WITH past AS (SELECT count(*) AS calls FROM llm_calls_raw WHERE commit_seq > (SELECT seq FROM rollup_watermark))
      SELECT (SELECT count(*) FROM llm_calls) AS calls,
             (SELECT coalesce(sum(calls), 0) FROM hourly_usage) + (SELECT coalesce(sum(calls), 0) FROM rollup_pending_hourly) + (SELECT calls FROM past) AS hourly,
             (SELECT coalesce(sum(calls), 0) FROM runs) + (SELECT coalesce(sum(calls), 0) FROM rollup_pending_runs) + (SELECT calls FROM past) AS runs`);
    expect(rolled).toEqual({ calls: BigInt(rows.length), hourly: BigInt(rows.length), runs: BigInt(rows.length) });
  });

  it('after a restart, resending every batch (as exporters retry) stores each span exactly once', async () => {
    const server = await spawnTestServer(dir.dir);
    for (const { body } of bodies) expect((await postOtlp(server.otlpHttpUrl, body)).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const [counts] = await queryFile(dbPath, `
      SELECT (SELECT count(*) FROM llm_calls) AS calls, (SELECT count(DISTINCT span_id) FROM llm_calls) AS distinct_spans,
             (SELECT sum(calls) FROM daily_usage) AS rolled_up, (SELECT sum(calls) FROM runs) AS in_runs,
             (SELECT sum(calls) FROM hourly_usage) AS hourly, (SELECT sum(calls) FROM run_agents) AS run_agents,
             (SELECT count(*) FROM rollup_pending_hourly) AS pending`);
    const n = BigInt(BATCHES * SPANS_PER_BATCH);
    expect(counts).toEqual({ calls: n, distinct_spans: n, rolled_up: n, in_runs: n, hourly: n, run_agents: n, pending: 0n });
  });
});
