import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnalyticsFixture, type AnalyticsFixture } from '../analytics/support/analytics-fixture.js';
import { nanos } from '../analytics/support/expected.js';
import { NOW_MS, syntheticActivity, syntheticHistory } from '../analytics/support/history.js';

const KEY_A = 'tenant-a-read-key-001';
const KEY_B = 'tenant-b-read-key-001';
const INGEST = 'tenant-a-ingest-key01';

interface SqlAnswer {
  columns: Array<{ name: string; type: string }>;
  rows: unknown[][];
  row_count: number;
  truncated: boolean;
}

describe('POST /v1/sql', () => {
  let fx: AnalyticsFixture;

  beforeAll(async () => {
    fx = await startAnalyticsFixture({
      clock: () => NOW_MS,
      apiKeys: [
        { key: KEY_A, tenant: 'tenant-a', scopes: ['read'] },
        { key: KEY_B, tenant: "tenant-b'; --", scopes: ['read'] },
        { key: INGEST, tenant: 'tenant-a', scopes: ['ingest'] },
      ],
      tenants: ['tenant-a', "tenant-b'; --"],
      config: { api: { sql: { timeout_ms: 500, max_rows: 1000 } } },
    });
    const a = syntheticHistory({ tenant: 'tenant-a', days: 6 });
    const b = syntheticHistory({ tenant: "tenant-b'; --", days: 4, seed: 3 });
    await fx.store(a, syntheticActivity(a));
    await fx.store(b, syntheticActivity(b));
  });
  afterAll(() => fx.close());

  const sql = (text: string, key = KEY_A, extra: Record<string, unknown> = {}) => fx.post('/v1/sql', { sql: text, ...extra }, key);

  it('answers columns and rows', async () => {
    const { status, body } = await sql('SELECT agent, count(*) AS calls, sum(total_cost) AS cost FROM llm_calls GROUP BY agent ORDER BY agent');
    expect(status).toBe(200);
    const answer = body as unknown as SqlAnswer;
    expect(answer.columns.map((c) => c.name)).toEqual(['agent', 'calls', 'cost']);
    const calls = (await fx.calls()).filter((r) => r.tenant === 'tenant-a');
    expect(answer.rows.map((r) => r[0])).toEqual(['researcher', 'reviewer', 'writer']);
    expect(answer.rows.reduce((s, r) => s + (r[1] as number), 0)).toBe(calls.length);
    expect(answer.rows.reduce((s, r) => s + nanos(r[2] as number), 0)).toBe(calls.reduce((s, r) => s + nanos(r.total_cost), 0));
  });

  it.each(['llm_calls', 'activity', 'tool_calls', 'runs', 'run_agents', 'hourly_usage', 'daily_usage'])('confines %s to the key\'s tenant', async (table) => {
    const a = await sql(`SELECT DISTINCT tenant FROM ${table}`);
    expect((a.body as unknown as SqlAnswer).rows).toEqual([['tenant-a']]);
    const b = await sql(`SELECT DISTINCT tenant FROM ${table}`, KEY_B);
    expect((b.body as unknown as SqlAnswer).rows).toEqual([["tenant-b'; --"]]);
  });

  it('confines subqueries, CTEs and joins too', async () => {
    const { body } = await sql(`WITH c AS (SELECT * FROM llm_calls) SELECT count(*) FILTER (WHERE c.tenant <> 'tenant-a') FROM c JOIN runs r USING (run_id) WHERE c.run_id IN (SELECT run_id FROM run_agents)`);
    expect((body as unknown as SqlAnswer).rows).toEqual([[0]]);
  });

  it.each([
    ['INSERT INTO runs SELECT * FROM runs', 'read-only'],
    ["UPDATE llm_calls SET agent = 'x'", 'read-only'],
    ['DELETE FROM runs', 'read-only'],
    ['CREATE TABLE x AS SELECT 1', 'read-only'],
    ['DROP TABLE runs', 'read-only'],
    ["COPY (SELECT * FROM llm_calls) TO '/tmp/leak.csv'", 'no file access'],
    ["ATTACH '/tmp/other.duckdb' AS other", 'no other databases'],
    ['INSTALL httpfs', 'no extension loading'],
    ['LOAD httpfs', 'no extension loading'],
    ['PRAGMA database_list', 'no settings or pragmas'],
    ['SET threads = 1', 'no settings or pragmas'],
    ["SELECT * FROM read_csv('/etc/passwd')", 'read_csv() is not allowed'],
    ["SELECT * FROM read_parquet('/tmp/x.parquet')", 'read_parquet() is not allowed'],
    ["SELECT * FROM 'https://example.com/data.csv'", 'no file or network access'],
    ["SELECT * FROM '/etc/passwd'", 'no file or network access'],
    ["SELECT * FROM read_text('/etc/passwd')", 'read_text() is not allowed'],
    ['SELECT * FROM llm_calls_raw', 'is not a table you can read here'],
    ['SELECT * FROM dict', 'is not a table you can read here'],
    ['SELECT * FROM main.llm_calls', 'qualified names are not allowed'],
    ['SELECT * FROM duckdb_settings()', 'duckdb_settings() is not allowed'],
    ["SELECT current_setting('threads')", 'current_setting() is not allowed'],
    ['SELECT 1; DELETE FROM runs', 'exactly one statement'],
    ['SELEC 1', 'syntax error'],
  ])('refuses %s with a 400 saying why', async (text, reason) => {
    const { status, body } = await sql(text);
    expect(status).toBe(400);
    expect(body.error?.message).toContain(reason);
  });

  it('has written nothing after all that', async () => {
    const { body } = await sql('SELECT count(*) FROM runs');
    expect(((body as unknown as SqlAnswer).rows[0]![0] as number)).toBeGreaterThan(0);
  });

  it('interrupts a statement at the time limit', async () => {
    const started = Date.now();
    const { status, body } = await sql('SELECT count(*) FROM range(1000000) a, range(1000000) b, range(1000000) c');
    expect(status).toBe(400);
    expect(body.error?.code).toBe('query_timeout');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await sql('SELECT 1 AS ok')).status).toBe(200);
  });

  it('stops at the row limit', async () => {
    const { body } = await sql('SELECT * FROM range(5000)');
    expect(body).toMatchObject({ row_count: 1000, truncated: true });
    const few = await sql('SELECT * FROM range(5000)', KEY_A, { max_rows: 10 });
    expect(few.body).toMatchObject({ row_count: 10, truncated: true });
    expect((await sql('SELECT 1', KEY_A, { max_rows: 1001 })).body.error?.message).toContain('"max_rows"');
  });

  it('needs a statement and the read scope', async () => {
    expect((await fx.post('/v1/sql', {}, KEY_A)).body.error?.message).toContain('"sql"');
    expect((await fx.post('/v1/sql', { sql: 'SELECT 1' }, INGEST)).status).toBe(403);
    expect((await fx.post('/v1/sql', { sql: 'SELECT 1' }, null)).status).toBe(401);
  });
});
