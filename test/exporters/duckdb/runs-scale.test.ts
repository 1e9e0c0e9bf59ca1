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
      const commit = await GroupCommit.prepare(con, dict);
      const keyed = async (table: string) =>
        (await con.runAndReadAll(`SELECT count(*) FROM duckdb_constraints() WHERE table_name = '${table}' AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')`)).getRows()[0]![0];
      expect([await keyed('runs'), await keyed('run_agents')]).toEqual([0n, 0n]);

      await con.run(`INSERT INTO runs SELECT 'default', md5(i::VARCHAR), TIMESTAMPTZ '2026-11-01 00:00:00+00', TIMESTAMPTZ '2026-11-01 00:00:01+00',
        1, 0, 0, 0, 100, 10, 0, 0.001, 0, 0, 0, 0, 'ok' FROM range(${STORED_RUNS}) t(i)`);
      await con.run(`INSERT INTO run_agents SELECT 'default', md5(i::VARCHAR), 'svc', 1, 0.001, 0 FROM range(${STORED_RUNS}) t(i)`);
      const existing = (await con.runAndReadAll(`SELECT md5('12345')`)).getRows()[0]![0] as string;

      // Three commits that merge at once (an idle writer), each with 2,000 new runs and a call in
      // one stored run.
      for (let group = 0; group < 3; group++) {
        const calls = Array.from({ length: 2_000 }, () => makeCall({ agent: 'svc' }));
        calls.forEach((c) => (c.runId = c.traceId));
        calls.push(makeCall({ runId: existing, agent: 'svc' }));
        await commit.run({ calls, activities: [], fixups: [] });
      }
      const rows = async (sql: string) => (await con.runAndReadAll(sql)).getRows();
      expect(await rows('SELECT count(*), sum(calls) FROM runs')).toEqual([[BigInt(STORED_RUNS + 6_000), BigInt(STORED_RUNS + 6_003)]]);
      expect(await rows(`SELECT count(*), sum(calls) FROM run_agents`)).toEqual([[BigInt(STORED_RUNS + 6_000), BigInt(STORED_RUNS + 6_003)]]);
      expect(await rows(`SELECT calls FROM runs WHERE run_id = '${existing}'`)).toEqual([[4n]]);
      commit.close();
    } finally {
      con.closeSync();
      db.close();
    }
  });
});
