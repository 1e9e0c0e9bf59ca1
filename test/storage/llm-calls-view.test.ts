import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiServer } from '../../src/api/server.js';
import { createAnalyticsRouters } from '../../src/api/routes/analytics-routers.js';
import { ApiKeyStore } from '../../src/auth/api-keys.js';
import { fillSyntheticCalls } from '../../src/bench/queries.js';
import { Database } from '../../src/storage/database.js';
import { Reader } from '../../src/storage/reader.js';
import { tempDir } from '../support/temp-dir.js';

const CALLS = 400_000;

/** Rows of `sql`, streamed a chunk at a time (nothing held but the current chunk). */
async function streamedRowCount(db: Database, sql: string): Promise<number> {
  const con = await db.connect();
  try {
    const result = await con.stream(sql);
    let rows = 0;
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) rows += chunk.rowCount;
    return rows;
  } finally {
    con.closeSync();
  }
}

/** Calls whose names in the view differ from a join of the raw row to the dictionary. */
async function namesDifferingFromDict(db: Database): Promise<number> {
  const reader = new Reader(db);
  try {
    const row = await reader.one(`
      SELECT count(*) AS n FROM (
        SELECT trace_id, span_id, tenant, agent, provider, request_model, priced_model, status, price_source FROM llm_calls
        EXCEPT ALL
        SELECT printf('%016x%016x', c.trace_hi, c.trace_lo), printf('%016x', c.span_id), t.value, a.value, p.value, m.value, pm.value, s.value, ps.value
        FROM llm_calls_raw c
        LEFT JOIN dict t ON t.id = c.tenant_k LEFT JOIN dict a ON a.id = c.agent_k LEFT JOIN dict p ON p.id = c.provider_k
        LEFT JOIN dict m ON m.id = c.request_model_k LEFT JOIN dict pm ON pm.id = c.priced_model_k
        LEFT JOIN dict s ON s.id = c.status_k LEFT JOIN dict ps ON ps.id = c.price_source_k
      )`);
    return Number(row!.n);
  } finally {
    reader.close();
  }
}

describe('the llm_calls view (migration 009: names by list index, not fourteen joins)', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);

  it('names every call as a join with the dictionary would, also after a gap in the ids', async () => {
    const db = await Database.open({ path: join(dir, 'names.duckdb') });
    try {
      await fillSyntheticCalls(db, 20_000, Date.now());
      expect(await streamedRowCount(db, 'SELECT * FROM llm_calls')).toBe(20_000);
      expect(await namesDifferingFromDict(db)).toBe(0);
      const con = await db.connect();
      // An id the writer never leaves unused, made here: the names after it still line up.
      await con.run("INSERT INTO dict SELECT max(id) + 3, 'after-a-gap' FROM dict");
      await con.run("UPDATE llm_calls_raw SET agent_k = (SELECT id FROM dict WHERE value = 'after-a-gap') WHERE span_id % 10 = 0");
      con.closeSync();
      expect(await namesDifferingFromDict(db)).toBe(0);
      const reader = new Reader(db);
      const renamed = await reader.one("SELECT count(*) AS n FROM llm_calls WHERE agent = 'after-a-gap'");
      reader.close();
      expect(Number(renamed!.n)).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  }, 60_000);

  it(`streams ${CALLS.toLocaleString('en-US')} calls within a 64MB memory_limit (the joins alone needed about that much)`, async () => {
    const path = join(dir, 'large.duckdb');
    const filling = await Database.open({ path });
    await fillSyntheticCalls(filling, CALLS, Date.now());
    filling.close();
    const db = await Database.open({ path, memoryLimit: '64MB' });
    try {
      expect(await streamedRowCount(db, 'SELECT * FROM llm_calls')).toBe(CALLS);
    } finally {
      db.close();
    }
  }, 120_000);
});

/** An API server over a file of CALLS synthetic calls, opened with a `memoryLimit` buffer pool. */
async function largeDatabaseApi(dir: string, memoryLimit: string): Promise<{ url: string; defaultTenantCalls: number; close: () => Promise<void> }> {
  const path = join(dir, 'tt.duckdb');
  const filling = await Database.open({ path });
  await fillSyntheticCalls(filling, CALLS, Date.now());
  const counting = new Reader(filling);
  const defaultTenantCalls = Number((await counting.one("SELECT count(*) AS n FROM llm_calls_raw WHERE tenant_k = (SELECT id FROM dict WHERE value = 'default')"))!.n);
  counting.close();
  filling.close();
  const db = await Database.open({ path, memoryLimit });
  const reader = new Reader(db);
  const api = new ApiServer({ endpoint: { host: '127.0.0.1', port: 0 } }, createAnalyticsRouters({ db, reader, keys: new ApiKeyStore([]), sql: { timeout_ms: 30_000, max_rows: 10_000 } }));
  await api.start();
  return {
    url: `http://127.0.0.1:${api.boundPort}`,
    defaultTenantCalls,
    close: async () => {
      await api.shutdown();
      reader.close();
      db.close();
    },
  };
}

describe('a Parquet export larger than the buffer pool', () => {
  const { dir, cleanup } = tempDir();
  let server: Awaited<ReturnType<typeof largeDatabaseApi>>;
  beforeAll(async () => {
    server = await largeDatabaseApi(dir, '64MB');
  }, 120_000);
  afterAll(async () => {
    await server.close();
    cleanup();
  });

  it(`sends every call of the tenant (of ${CALLS.toLocaleString('en-US')}) within a 64MB memory_limit (the writer's string dictionaries did not fit)`, async () => {
    const res = await fetch(`${server.url}/v1/export?format=parquet&period=all_time`);
    expect(res.status, res.status === 200 ? '' : await res.text()).toBe(200);
    const file = join(dir, 'export.parquet');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const con = await (await DuckDBInstance.create(':memory:')).connect();
    const [[count, agents]] = (await con.runAndReadAll(`SELECT count(*), count(DISTINCT agent) FROM read_parquet('${file}')`)).getRows() as [[bigint, bigint]];
    con.closeSync();
    expect(Number(count)).toBe(server.defaultTenantCalls);
    expect(server.defaultTenantCalls).toBeGreaterThan(CALLS / 2);
    expect(Number(agents)).toBeGreaterThan(1);
  }, 120_000);
});

describe('an API request larger than DuckDB memory_limit', () => {
  const { dir, cleanup } = tempDir();
  let server: Awaited<ReturnType<typeof largeDatabaseApi>>;
  beforeAll(async () => {
    server = await largeDatabaseApi(dir, '32MB');
  }, 120_000);
  afterAll(async () => {
    await server.close();
    cleanup();
  });

  it('answers 503 out_of_memory naming the setting to change, and the server goes on answering', async () => {
    const res = await fetch(`${server.url}/v1/export?format=parquet&period=all_time`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('out_of_memory');
    expect(body.error.message).toContain('exporters.duckdb.memory_limit');
    const usage = await fetch(`${server.url}/v1/usage?period=today`);
    expect(usage.status, await usage.text()).toBe(200);
  }, 60_000);
});
