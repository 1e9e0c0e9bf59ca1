import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNamed } from '../../src/analytics/named-sql.js';
import { Database } from '../../src/storage/database.js';
import { Reader } from '../../src/storage/reader.js';

/**
 * Costs are DECIMAL(18,9); turning a cost of more than ~$9.22 into nano-dollars must widen the
 * decimal first, or DuckDB overflows and the recommendations (and every budget alert asking for
 * them) fail. Runs of $12.50 and $125 here.
 */
describe('recommendation queries on expensive runs', () => {
  let db: Database;
  let reader: Reader;
  const NOW_US = Date.parse('2026-11-20T12:00:00Z') * 1000;
  const DAY_US = 86_400_000_000;

  beforeAll(async () => {
    db = await Database.open({ path: ':memory:' });
    reader = new Reader(db);
    const con = await db.connect();
    for (let i = 0; i < 12; i++) {
      const start = new Date((NOW_US - (20 - i) * DAY_US) / 1000).toISOString();
      const cost = i === 11 ? '125' : '12.5';
      await con.run(`INSERT INTO runs (tenant, run_id, start_time, end_time, calls, error_calls, retry_calls, unpriced_calls, input_tokens,
        output_tokens, cache_read_tokens, total_cost, retry_cost, failed_cost, tool_calls, tool_cost, last_status, run_hash)
        VALUES ('t', 'run-${i}', '${start}', '${start}', 1, 0, 0, 0, 1, 1, 0, ${cost}, 0, 0, 0, 0, 'ok', md5_number_lower('run-${i}'))`);
      await con.run(`INSERT INTO run_agents (tenant, run_id, agent, calls, total_cost, retry_cost, start_time, run_hash)
        VALUES ('t', 'run-${i}', 'planner', 1, ${cost}, 0, '${start}', md5_number_lower('run-${i}'))`);
    }
    con.closeSync();
  });
  afterAll(() => {
    reader.close();
    db.close();
  });

  it('returns exact nano-dollar figures for runs above $9.22', async () => {
    const rows = await runNamed(reader, 'recommend_run_costs', {
      tenant: 't',
      start_us: NOW_US - 30 * DAY_US,
      recent_us: NOW_US - 10 * DAY_US,
      end_us: NOW_US,
      multiplier: 3,
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ agent: 'planner', baseline_median_nanos: 12_500_000_000, runaway_runs: 1, runaway_cost_nanos: 125_000_000_000 });
  });
});
