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
});

/** One file of CALLS synthetic calls for the tests below, filled once (each opens it in turn). */
let largeFile: Promise<{ path: string; defaultTenantCalls: number }> | undefined;
const large = tempDir();
afterAll(large.cleanup);

function largeDatabase(): Promise<{ path: string; defaultTenantCalls: number }> {
  largeFile ??= (async () => {
    const path = join(large.dir, 'large.duckdb');
    const db = await Database.open({ path });
    try {
      await fillSyntheticCalls(db, CALLS, Date.now());
      const reader = new Reader(db);
      const row = await reader.one("SELECT count(*) AS n FROM llm_calls_raw WHERE tenant_k = (SELECT id FROM dict WHERE value = 'default')");
      reader.close();
      return { path, defaultTenantCalls: Number(row!.n) };
    } finally {
      db.close();
    }
  })();
  return largeFile;
}

interface LargeServer {
  db: Database;
  url: string;
  defaultTenantCalls: number;
}

/**
 * For the enclosing describe: the API over the large file, opened with a `memoryLimit` buffer pool
 * and one DuckDB thread, as the server opens it on two cores (threads: cores - 2, at least 1). A
 * Parquet export's memory grows with the threads: each holds a row group of the rows it read
 * (measured: 400k calls need 56-64MB with one thread, 64-72MB with two).
 */
function serveLargeDatabase(memoryLimit: string): () => LargeServer {
  let server: LargeServer | undefined;
  let close = async () => {};
  beforeAll(async () => {
    const { path, defaultTenantCalls } = await largeDatabase();
    const db = await Database.open({ path, memoryLimit, threads: 1 });
    const reader = new Reader(db);
    const api = new ApiServer({ endpoint: { host: '127.0.0.1', port: 0 } }, createAnalyticsRouters({ db, reader, keys: new ApiKeyStore([]), sql: { timeout_ms: 30_000, max_rows: 10_000 } }));
    await api.start();
    server = { db, url: `http://127.0.0.1:${api.boundPort}`, defaultTenantCalls };
    close = async () => {
      await api.shutdown();
      reader.close();
      db.close();
    };
  }, 120_000);
  afterAll(() => close());
  return () => server!;
}

describe('a database larger than a 64MB buffer pool', () => {
  const server = serveLargeDatabase('64MB');

  it(`streams the view's ${CALLS.toLocaleString('en-US')} calls (its fourteen joins alone needed about that much)`, async () => {
    expect(await streamedRowCount(server().db, 'SELECT * FROM llm_calls')).toBe(CALLS);
  });

  it("exports every call of the tenant as Parquet (the writer's string dictionaries did not fit)", async () => {
    const res = await fetch(`${server().url}/v1/export?format=parquet&period=all_time`);
    expect(res.status, res.status === 200 ? '' : await res.text()).toBe(200);
    const file = join(large.dir, 'export.parquet');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const con = await (await DuckDBInstance.create(':memory:')).connect();
    const [[count, agents]] = (await con.runAndReadAll(`SELECT count(*), count(DISTINCT agent) FROM read_parquet('${file}')`)).getRows() as [[bigint, bigint]];
    con.closeSync();
    expect(Number(count)).toBe(server().defaultTenantCalls);
    expect(server().defaultTenantCalls).toBeGreaterThan(CALLS / 2);
    expect(Number(agents)).toBeGreaterThan(1);
  }, 60_000);
});

describe('an API request larger than DuckDB memory_limit', () => {
  const server = serveLargeDatabase('32MB');

  const expectOutOfMemory = async (res: Response) => {
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('out_of_memory');
    expect(body.error.message).toContain('exporters.duckdb.memory_limit');
  };

  it('answers 503 out_of_memory naming the setting to change, and the server goes on answering', async () => {
    await expectOutOfMemory(await fetch(`${server().url}/v1/export?format=parquet&period=all_time`));
    const usage = await fetch(`${server().url}/v1/usage?period=today`);
    expect(usage.status, await usage.text()).toBe(200);
  }, 60_000);

  it('answers the same through POST /v1/sql, not as an error in the statement', async () => {
    const res = await fetch(`${server().url}/v1/sql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sql: 'SELECT length(list(repeat(trace_id, 4))) FROM llm_calls' }),
    });
    await expectOutOfMemory(res);
  }, 60_000);
});
