import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { fillSyntheticCalls } from '../../src/bench/queries.js';
import { Database } from '../../src/storage/database.js';
import { tempDir } from '../support/temp-dir.js';

describe("the query bench's synthetic database", () => {
  it('has roll-ups that add up to its calls and priced tool calls, summed as start-up sums them', async () => {
    const dir = tempDir();
    const db = await Database.open({ path: join(dir.dir, 'fill.duckdb') });
    try {
      await fillSyntheticCalls(db, 20_000, Date.parse('2026-12-01T00:00:00Z'));
      const con = await db.connect();
      const [row] = (
        await con.runAndReadAll(`
        WITH priced AS (SELECT * FROM activity WHERE cost IS NOT NULL),
        facts AS (SELECT tenant, run_id, total_cost FROM llm_calls UNION ALL SELECT tenant, run_id, cost FROM priced)
        SELECT
          (SELECT sum(calls) FROM daily_usage) = (SELECT count(*) FROM facts) AS daily_calls,
          (SELECT sum(calls) FROM hourly_usage) = (SELECT count(*) FROM facts) AS hourly_calls,
          (SELECT sum(total_cost) FROM daily_usage) = (SELECT sum(total_cost) FROM facts) AS daily_cost,
          (SELECT sum(calls) FROM run_agents) = (SELECT count(*) FROM facts) AS run_agent_calls,
          (SELECT sum(calls) FROM runs) = (SELECT count(*) FROM llm_calls) AS run_calls,
          (SELECT sum(tool_calls) FROM runs) = (SELECT count(*) FROM activity WHERE event_type = 'tool_call') AS run_tool_calls,
          (SELECT sum(total_cost) FROM runs) = (SELECT sum(total_cost) FROM facts) AS run_cost,
          (SELECT count(*) FROM runs) = (SELECT count(DISTINCT (tenant, run_id)) FROM (SELECT tenant, run_id FROM llm_calls UNION ALL SELECT tenant, run_id FROM activity)) AS runs,
          (SELECT count(*) FROM llm_calls) AS calls,
          (SELECT count(*) FROM rollup_pending_hourly) AS pending`)
      ).getRowObjectsJS();
      con.closeSync();
      expect(row).toEqual({ daily_calls: true, hourly_calls: true, daily_cost: true, run_agent_calls: true, run_calls: true, run_tool_calls: true, run_cost: true, runs: true, calls: 20_000n, pending: 0n });
    } finally {
      db.close();
      dir.cleanup();
    }
  });
});
