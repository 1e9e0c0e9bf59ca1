import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Database } from '../../../src/storage/database.js';
import { GroupCommit } from '../../../src/exporters/duckdb/group-commit.js';
import { Dictionary } from '../../../src/exporters/duckdb/dictionary.js';
import { makeCall } from '../../support/records.js';
import { tempDir } from '../../support/temp-dir.js';

/** Runs already stored: one per trace that named no run, as plain chat traffic leaves them. */
const STORED_RUNS = 600_000;

describe('runs and run_agents as they grow', () => {
  let dir: { dir: string; cleanup: () => void };
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.cleanup());

  it('keep merging in a buffer pool far smaller than an index of their keys would need', async () => {
    // A small pool stands in for a long-running server's: with primary keys on runs and
    // run_agents (an ART index DuckDB holds in memory whole), merges at 48MB failed with an
    // out-of-memory error after ~60,000 runs (at the default 128MB after ~1.3M).
    const db = await Database.open({ path: join(dir.dir, 'runs.duckdb'), memoryLimit: '48MB', threads: 1 });
    const con = await db.connect();
    try {
      const dict = new Dictionary();
      await dict.load(con);
      // Stored before the exporter starts, as it is the only writer once it runs (RunKeyFilter).
      await con.run(`INSERT INTO runs SELECT 'default', md5(i::VARCHAR), TIMESTAMPTZ '2026-11-01 00:00:00+00', TIMESTAMPTZ '2026-11-01 00:00:01+00',
        1, 0, 0, 0, 100, 10, 0, 0.001, 0, 0, 0, 0, 'ok', 0, 0, md5_number_lower(md5(i::VARCHAR)) FROM range(${STORED_RUNS}) t(i)`);
      await con.run(`INSERT INTO run_agents SELECT 'default', md5(i::VARCHAR), 'svc', 1, 0.001, 0, 0, TIMESTAMPTZ '2026-11-01 00:00:00+00',
        md5_number_lower(md5(i::VARCHAR)) FROM range(${STORED_RUNS}) t(i)`);
      // A window of a few thousand rows: past the first merges, the stored runs lie behind it.
      const commit = await GroupCommit.prepare(con, dict, { runWindowRows: 3_000 });
      const keyed = async (table: string) =>
        (await con.runAndReadAll(`SELECT count(*) FROM duckdb_constraints() WHERE table_name = '${table}' AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')`)).getRows()[0]![0];
      expect([await keyed('runs'), await keyed('run_agents')]).toEqual([0n, 0n]);

      const existing = (await con.runAndReadAll(`SELECT md5('12345')`)).getRows()[0]![0] as string;

      // Three commits that merge at once (an idle writer), each with 2,000 new runs and a call in
      // one stored run.
      for (let group = 0; group < 3; group++) {
        const calls = Array.from({ length: 2_000 }, (_, i) => makeCall({ agent: 'svc', runId: `trace-run-${group}-${i}` }));
        calls.push(makeCall({ runId: existing, agent: 'svc' }));
        await commit.run({ calls, activities: [], fixups: [] });
      }
      const rows = async (sql: string) => (await con.runAndReadAll(sql)).getRows();
      const totals = async () => [...(await rows('SELECT count(*), sum(calls) FROM runs'))[0]!, ...(await rows(`SELECT count(*), sum(calls) FROM run_agents`))[0]!];
      const callsOf = async (runId: string) => (await rows(`SELECT (SELECT calls FROM runs WHERE run_id = '${runId}'), (SELECT calls FROM run_agents WHERE run_id = '${runId}')`))[0];
      // The new runs are in, each once, but for the filter's false positives (a new key taken for a
      // stored one, ~0.1% with 1.2M keys in its smallest size), which wait for the full merge as
      // the stored run's deltas do: rows stored before migration 013 are behind every window.
      const [runs, runCalls, runAgents, runAgentCalls] = (await totals()).map(Number);
      expect([runs, runAgents].map((n) => n! - STORED_RUNS)).toEqual([runCalls! - STORED_RUNS, runAgentCalls! - STORED_RUNS]);
      for (const n of [runs, runAgents]) expect(n! - STORED_RUNS).toBeGreaterThan(6_000 * 0.99);
      expect(await rows('SELECT count(*) - count(DISTINCT run_id) FROM runs')).toEqual([[0n]]);
      expect(await callsOf(existing)).toEqual([1n, 1n]);
      // A new run is created by its merge (its agents' rows all merged then or later).
      expect(await rows(`SELECT count(*) FILTER (created_seq = merged_seq AND created_seq > 0) = count(*) FROM runs WHERE run_id LIKE 'trace-run-%'`)).toEqual([[true]]);

      // A run of the last merge continues: found in the window. One of the first merge's, which
      // the next two filled the window past, waits too.
      const storedOf = async (group: number) => (await rows(`SELECT run_id FROM runs WHERE run_id LIKE 'trace-run-${group}-%' ORDER BY run_id LIMIT 1`))[0]![0] as string;
      const [early, late] = [await storedOf(0), await storedOf(2)];
      await commit.run({ calls: [makeCall({ runId: early, agent: 'svc' }), makeCall({ runId: late, agent: 'svc' })], activities: [], fixups: [] });
      expect([await callsOf(early), await callsOf(late)]).toEqual([[1n, 1n], [2n, 2n]]);

      // The full merge finds the rest, and stores no run twice.
      expect(commit.leftoverRunsMayWait).toBe(true);
      await commit.mergeLeftoverRuns();
      expect([await callsOf(existing), await callsOf(early)]).toEqual([[4n, 4n], [2n, 2n]]);
      expect(await totals()).toEqual([BigInt(STORED_RUNS + 6_000), BigInt(STORED_RUNS + 6_005), BigInt(STORED_RUNS + 6_000), BigInt(STORED_RUNS + 6_005)]);
      // Nothing is left for another full merge.
      expect(commit.leftoverRunsMayWait).toBe(false);
      commit.close();
    } finally {
      con.closeSync();
      db.close();
    }
  });
});
