import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatementGuard, nonSelectReason } from '../../src/analytics/sql/statement-guard.js';

/** Statements users write against the public relations: all must pass. */
const ALLOWED = [
  `SELECT model, sum(total_cost) AS c FROM llm_calls WHERE start_time > now() - INTERVAL 1 DAY GROUP BY ALL ORDER BY c DESC NULLS LAST LIMIT 10 OFFSET 2`,
  `SELECT DISTINCT ON (agent) agent, total_cost FROM llm_calls ORDER BY agent, total_cost DESC`,
  `SELECT agent, sum(total_cost) OVER (PARTITION BY agent ORDER BY start_time ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM llm_calls QUALIFY row_number() OVER (PARTITION BY agent) = 1`,
  `SELECT * FROM (PIVOT llm_calls ON provider IN ('openai', 'anthropic') USING sum(total_cost) GROUP BY agent)`,
  `PIVOT llm_calls ON provider IN ('openai') USING sum(total_cost)`,
  `SELECT * FROM (UNPIVOT daily_usage ON input_tokens, output_tokens INTO NAME kind VALUE n)`,
  `SELECT * FROM llm_calls USING SAMPLE 10%`,
  `SELECT agent, count(*) FROM llm_calls GROUP BY GROUPING SETS ((agent), ())`,
  `SELECT list_transform([1,2,3], x -> x + 1), {'a': 1}, CASE WHEN 1=1 THEN 'y' ELSE 'n' END, CAST(1 AS DOUBLE), 1::VARCHAR`,
  `SELECT * FROM runs r WHERE EXISTS (SELECT 1 FROM llm_calls c WHERE c.run_id = r.run_id) AND run_id IN (SELECT run_id FROM activity)`,
  `SELECT * FROM runs r, LATERAL (SELECT count(*) FROM llm_calls c WHERE c.run_id = r.run_id)`,
  `SELECT * FROM runs r ASOF JOIN llm_calls c ON r.run_id = c.run_id AND r.start_time >= c.start_time`,
  `SELECT * FROM runs POSITIONAL JOIN activity`,
  `SELECT * FROM (VALUES (1, 'a'), (2, 'b')) t(x, y)`,
  `WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 5) SELECT * FROM t`,
  `WITH a AS MATERIALIZED (SELECT * FROM llm_calls), b AS (SELECT * FROM a) SELECT * FROM b`,
  `FROM llm_calls SELECT agent`,
  `SELECT * FROM range(10) t(i) JOIN generate_series(1, 3) g(j) ON true`,
  `SELECT unnest([1,2,3])`,
  `SELECT * FROM unnest([1,2])`,
  `DESCRIBE llm_calls`,
  `SUMMARIZE runs`,
  `SELECT * FROM llm_calls UNION ALL BY NAME SELECT * FROM llm_calls`,
  `SELECT * EXCLUDE (attributes) REPLACE (total_cost * 100 AS total_cost) FROM llm_calls`,
  `SELECT COLUMNS('.*_tokens') FROM llm_calls`,
  `SELECT string_agg(agent, ',' ORDER BY agent) FILTER (WHERE agent <> '') FROM llm_calls`,
  `SELECT date_trunc('day', start_time), strftime(start_time, '%Y'), epoch_ms(start_time) FROM llm_calls LIMIT 1`,
  `SELECT 1 WHERE 1 = ANY(SELECT 1)`,
  `SELECT * FROM LLM_CALLS`,
  `SELECT * FROM "llm_calls"`,
  `SELECT * FROM llm_calls WHERE agent LIKE 'a%' AND agent SIMILAR TO 'a.*' AND agent IS NOT NULL AND total_cost BETWEEN 0 AND 1`,
  `SELECT * FROM llm_calls ORDER BY ALL`,
  `SELECT quantile_cont(total_cost, 0.5), 1.5::DECIMAL(10,2), [1,2]::INT[], {'a': 1}::STRUCT(a INT), 'x'::VARCHAR(10), CAST(1 AS UBIGINT), 3.0 / 2, INTERVAL 2 DAY, DATE '2025-01-01', TIMESTAMPTZ '2025-01-01 00:00:00+00', 'a'::ENUM('a','b') FROM llm_calls`,
  `SELECT map([1], ['a']), [x * 2 FOR x IN [1, 2]], 1 IN (1, 2), NULL::INT, try_cast('x' AS INT) FROM llm_calls`,
  `SELECT * FROM llm_calls LIMIT 10%`,
];

/** Writes, files, URLs, extensions, settings, catalog access, multiple statements: all refused. */
const REFUSED = [
  `INSERT INTO llm_calls VALUES (1)`, `UPDATE runs SET calls = 0`, `DELETE FROM runs`, `COPY llm_calls TO '/tmp/x.csv'`,
  `COPY (SELECT 1) TO '/tmp/x.csv'`, `ATTACH '/tmp/x.duckdb' AS x`, `INSTALL httpfs`, `LOAD httpfs`, `PRAGMA database_list`,
  `SET enable_external_access = true`, `SELECT * FROM read_csv('/etc/passwd')`, `SELECT * FROM '/etc/passwd'`,
  `SELECT * FROM read_parquet('https://example.com/x.parquet')`, `SELECT * FROM 'https://example.com/x.csv'`,
  `SELECT * FROM llm_calls_raw`, `SELECT * FROM main.llm_calls`, `SELECT * FROM tt.main.llm_calls`, `SELECT * FROM dict`,
  `SELECT * FROM duckdb_settings()`, `SELECT * FROM duckdb_tables`, `SELECT * FROM information_schema.tables`,
  `SELECT nextval('s')`, `SELECT current_setting('memory_limit')`, `SELECT sleep_ms(100000)`,
  `WITH "/etc/hosts.csv" AS (SELECT 1) SELECT * FROM "/etc/hosts.csv"`,
  `WITH x AS (SELECT * FROM x) SELECT * FROM x`,
  `SELECT * FROM (WITH x AS (SELECT 1) SELECT * FROM x) a, x`,
  `SELECT 1; SELECT 2`, `SELECT * FROM query('SELECT 1')`, `SELECT * FROM query_table('llm_calls_raw')`, `SELECT * FROM glob('/*')`,
  `SELECT * FROM read_text('/etc/passwd')`, `EXPORT DATABASE '/tmp/x'`, `CALL duckdb_settings()`, `SELECT $1`,
  `SELECT * FROM llm_calls WHERE run_id IN (SELECT run_id FROM read_csv('/etc/passwd'))`,
  `SELECT (SELECT count(*) FROM 'x.parquet')`, `DESCRIBE '/etc/passwd'`, `SHOW TABLES`, `SUMMARIZE '/etc/passwd'`, `CHECKPOINT`, `VACUUM`,
  `DETACH x`, `SELECT * FROM sqlite_master`, `BEGIN`, `SELECT * FROM pragma_database_list`,
];

describe('StatementGuard', () => {
  let instance: DuckDBInstance;
  let con: DuckDBConnection;
  const guard = new StatementGuard(['llm_calls', 'runs', 'activity', 'daily_usage']);

  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    con = await instance.connect();
  });
  afterAll(() => {
    con.closeSync();
    instance.closeSync();
  });

  const verdict = async (sql: string) => {
    const tree = String((await con.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [sql])).getRows()[0]![0]);
    return guard.check(tree);
  };

  it.each(ALLOWED)('allows %s', async (sql) => {
    expect(await verdict(sql)).toEqual({ allowed: true });
  });

  it.each(REFUSED)('refuses %s', async (sql) => {
    expect((await verdict(sql)).allowed).toBe(false);
  });

  it('names why a statement that is not a SELECT is refused', () => {
    expect(nonSelectReason('  -- note\n insert into runs values (1)')).toBe('INSERT statements are not allowed: the SQL endpoint is read-only');
    expect(nonSelectReason('COPY runs TO \'/tmp/x\'')).toContain('no file access');
    expect(nonSelectReason('LOAD httpfs')).toContain('no extension loading');
    expect(nonSelectReason('PIVOT runs ON agent USING sum(calls)')).toContain('explicit IN list');
  });
});
