import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Database } from '../../../src/storage/database.js';
import { BudgetDb } from '../../../src/budgets/store/db.js';
import { loadUsage } from '../../../src/budgets/store/usage-loader.js';
import { RunUsageStore } from '../../../src/budgets/spend/run-usage.js';
import { UsageWindow } from '../../../src/budgets/spend/usage-window.js';
import { tempDir } from '../../support/temp-dir.js';

describe('loading per-run spend at start-up', () => {
  let dir: { dir: string; cleanup: () => void };
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.cleanup());

  it("loads each tenant's most recently active runs, as many as the store holds, least recent first", async () => {
    const database = await Database.open({ path: join(dir.dir, 'usage.duckdb') });
    const db = new BudgetDb(database);
    await db.open();
    try {
      const nowMs = Date.parse('2026-11-20T12:00:00Z');
      const con = await database.connect();
      // Five runs of 'default' that ended an hour apart (r4 last), one of 'acme', one idle for a month.
      await con.run(`INSERT INTO runs SELECT 'default', 'r' || i, TIMESTAMPTZ '2026-11-20 00:00:00+00', TIMESTAMPTZ '2026-11-20 05:00:00+00' + INTERVAL (i) HOUR,
        1 + i, 0, 0, 0, 10, 1, 0, 0.5, 0, 0, 0, 0, 'ok', 0, 0, md5_number_lower('r' || i) FROM range(5) t(i)`);
      await con.run(`INSERT INTO runs VALUES ('acme', 'a1', '2026-11-20 01:00:00+00', '2026-11-20 02:00:00+00', 1, 0, 0, 0, 1, 1, 0, 0.25, 0, 0, 0, 0, 'ok', 0, 0, md5_number_lower('a1')),
        ('default', 'old', '2026-10-01 00:00:00+00', '2026-10-01 01:00:00+00', 1, 0, 0, 0, 1, 1, 0, 9, 0, 0, 0, 0, 'ok', 0, 0, md5_number_lower('old'))`);
      await con.run(`INSERT INTO run_agents SELECT 'default', 'r' || i, 'planner', 1 + i, 0.5, 0, 0, TIMESTAMPTZ '2026-11-20 00:00:00+00', md5_number_lower('r' || i) FROM range(5) t(i)`);
      con.closeSync();

      const runs = new RunUsageStore(3);
      await loadUsage(db, new UsageWindow(), runs, nowMs);
      expect([...runs.runs('default')].map((r) => [r.runId, r.calls, r.byAgent.get('planner')?.calls])).toEqual([
        ['r2', 3, 3], ['r3', 4, 4], ['r4', 5, 5],
      ]);
      expect([...runs.runs('acme')].map((r) => [r.runId, r.costNanos])).toEqual([['a1', 250_000_000]]);
      // The query read no more than that: nothing was loaded only to be let go.
      expect(runs.takeEvicted()).toEqual([]);
    } finally {
      await db.close();
      database.close();
    }
  });
});
