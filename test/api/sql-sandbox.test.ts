import { readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnalyticsFixture, type AnalyticsFixture } from '../analytics/support/analytics-fixture.js';
import { NOW_MS, syntheticHistory } from '../analytics/support/history.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * The second wall behind the SQL endpoint's parse-tree guard: the server's DuckDB instance itself
 * refuses files, URLs, ATTACH and extensions. Each statement here runs on a plain connection of the
 * running server's instance, with no guard, no tenant views and no READ ONLY transaction: what a
 * statement the guard wrongly let through could do. URLs point at a loopback server that must see
 * no request, so nothing here can reach the network even if the lock regressed.
 */
describe('the server DuckDB instance, locked down', () => {
  let fx: AnalyticsFixture;
  let con: DuckDBConnection;
  let loopback: Server;
  let loopbackUrl: string;
  const requests: string[] = [];
  const scratch = tempDir();
  const secret = join(scratch.dir, 'secret.csv');
  writeFileSync(secret, 'a,b\n1,2\n');

  beforeAll(async () => {
    loopback = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((resolve) => loopback.listen(0, '127.0.0.1', resolve));
    loopbackUrl = `http://127.0.0.1:${(loopback.address() as AddressInfo).port}`;
    fx = await startAnalyticsFixture({ clock: () => NOW_MS });
    await fx.store(syntheticHistory({ days: 3, callsPerDay: 10 }));
    con = await fx.db.connect();
  });
  afterAll(async () => {
    con.closeSync();
    await fx.close();
    await new Promise((resolve) => loopback.close(resolve));
    scratch.cleanup();
  });

  const failure = async (sql: string): Promise<string> => {
    try {
      await con.run(sql);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error(`ran without error: ${sql}`);
  };
  const setting = async (name: string) =>
    (await con.runAndReadAll('SELECT value FROM duckdb_settings() WHERE name = $1', [name])).getRows()[0]?.[0];

  it('is configured with external access off, no extension loading, and locked', async () => {
    expect(await setting('enable_external_access')).toBe('false');
    expect(await setting('autoinstall_known_extensions')).toBe('false');
    expect(await setting('autoload_known_extensions')).toBe('false');
    expect(await setting('lock_configuration')).toBe('true');
    expect(await setting('TimeZone')).toBe('UTC');
  });

  it.each([
    ['a file read', `SELECT * FROM read_csv('/etc/passwd')`],
    ['a file read by path', `SELECT * FROM '${secret}'`],
    ['a raw file read', `SELECT content FROM read_blob('${secret}')`],
    ['a directory listing', `SELECT * FROM glob('/etc/*')`],
    ['a file write', `COPY (SELECT 1) TO '${join(scratch.dir, 'x.csv')}'`],
    ['a database export', `EXPORT DATABASE '${join(scratch.dir, 'db-export')}'`],
    ['an ATTACH', `ATTACH '${join(scratch.dir, 'y.duckdb')}'`],
  ])('refuses %s', async (_, sql) => {
    expect(await failure(sql)).toMatch(/Permission Error/);
    expect(readdirSync(scratch.dir)).toEqual(['secret.csv']);
  });

  it('refuses files next to the database file, which DuckDB allows only for its own', async () => {
    const dir = dirname(fx.server.dbPath);
    expect(await failure(`COPY (SELECT 1) TO '${join(dir, 'probe.csv')}'`)).toMatch(/Permission Error/);
    expect(await failure(`ATTACH '${join(dir, 'probe.duckdb')}'`)).toMatch(/Permission Error/);
    expect(readdirSync(dir).filter((f) => f.startsWith('probe'))).toEqual([]);
  });

  it.each([
    'SET enable_external_access = true',
    'SET GLOBAL enable_external_access = true',
    'RESET enable_external_access',
    "SET allowed_directories = ['/']",
    "SET allowed_paths = ['/etc/passwd']",
    'SET autoload_known_extensions = true',
    'SET autoinstall_known_extensions = true',
    'SET lock_configuration = false',
    "SET TimeZone = 'America/New_York'",
    "PRAGMA profiling_output = '/tmp/tokentally-sandbox-probe.json'",
  ])('refuses to change the configuration: %s', async (sql) => {
    expect(await failure(sql)).toMatch(/the configuration has been locked/);
  });

  it('refuses extensions and URLs, and does not even try to fetch them', async () => {
    // Asserted first, so a regression fails here rather than fetching httpfs from the internet.
    expect(await setting('autoinstall_known_extensions')).toBe('false');
    expect(await setting('enable_external_access')).toBe('false');
    for (const sql of [
      'INSTALL httpfs',
      'LOAD httpfs',
      `SELECT * FROM '${loopbackUrl}/x.parquet'`,
      `SELECT * FROM read_parquet('${loopbackUrl}/x.parquet')`,
      `SELECT * FROM read_csv('${loopbackUrl}/x.csv')`,
      `INSTALL httpfs FROM '${loopbackUrl}'`,
      `COPY (SELECT 1) TO '${loopbackUrl}/x.csv'`,
    ]) {
      expect(await failure(sql), sql).toMatch(/Permission Error|disabled (by|through) configuration/);
    }
    expect(requests).toEqual([]);
  });

  it('still exports Parquet, through its private export directory, and leaves nothing there', async () => {
    const res = await fx.fetch('/v1/export?format=parquet&period=all_time');
    expect(res.status).toBe(200);
    const path = join(scratch.dir, 'calls.parquet');
    writeFileSync(path, Buffer.from(await res.arrayBuffer()));
    const instance = await DuckDBInstance.create(':memory:');
    const reader = await instance.connect();
    const [row] = (await reader.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM read_parquet('${path}')`)).getRowObjectsJS();
    reader.closeSync();
    instance.closeSync();
    expect(row!.n).toBe((await fx.calls()).length);
    expect(readdirSync(fx.db.exportDir)).toEqual([]);
  });

  it('still answers the SQL endpoint', async () => {
    const { status, body } = await fx.post('/v1/sql', { sql: 'SELECT count(*) AS n FROM llm_calls' });
    expect(status).toBe(200);
    expect(body.rows).toEqual([[30]]);
  });
});
