import { describe, expect, it, vi } from 'vitest';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Database, listMigrations } from '../../src/storage/database.js';
import { tempDir } from '../support/temp-dir.js';

/** A file as the release before migration `version` left it, open outside Database. */
async function fileBefore(path: string, version: number) {
  const before = await DuckDBInstance.create(path);
  const raw = await before.connect();
  await raw.run('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
  for (const m of listMigrations().filter((m) => m.version < version)) {
    await raw.run(m.sql);
    await raw.run(`INSERT INTO schema_migrations (version, name) VALUES (${m.version}, '${m.name}')`);
  }
  return { before, raw };
}

describe('Database', () => {
  it('works in UTC whatever the host time zone, so roll-up days and hours are UTC', async () => {
    const previous = process.env.TZ;
    process.env.TZ = 'America/New_York';
    const db = await Database.open({ path: ':memory:' });
    try {
      const con = await db.connect();
      const rows = (await con.runAndReadAll(`SELECT (TIMESTAMPTZ '2026-01-01 23:30:00+00')::DATE::VARCHAR AS day, date_trunc('hour', TIMESTAMPTZ '2026-01-01 23:30:00+00')::VARCHAR AS hour`)).getRowObjects();
      expect(rows).toEqual([{ day: '2026-01-01', hour: '2026-01-01 23:00:00+00' }]);
      con.closeSync();
    } finally {
      db.close();
      process.env.TZ = previous;
    }
  });

  it('applies every migration once and keeps data across re-opening', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'm.duckdb');
      let db = await Database.open({ path });
      let con = await db.connect();
      await con.run(`INSERT INTO dict VALUES (0, 'kept')`);
      con.closeSync();
      db.close();
      db = await Database.open({ path });
      con = await db.connect();
      const applied = (await con.runAndReadAll('SELECT version FROM schema_migrations ORDER BY version')).getRows().map((r) => r[0]);
      expect(applied).toEqual(listMigrations().map((m) => m.version));
      expect((await con.runAndReadAll('SELECT value FROM dict')).getRows()).toEqual([['kept']]);
      con.closeSync();
      db.close();
    } finally {
      cleanup();
    }
  });

  it('upgrades runs and run_agents to tables without keys (migration 012) and keeps every row, with its start and hash (015)', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'upgrade.duckdb');
      // A file as the release before migration 012 left it, with runs stored.
      const { before, raw } = await fileBefore(path, 12);
      await raw.run(`INSERT INTO runs VALUES ('default', 'r1', '2026-12-01 10:00:00+00', '2026-12-01 10:05:00+00', 3, 1, 0, 0, 300, 30, 0, 0.25, 0, 0.05, 2, 0.01, 'ok'),
        ('acme', 'r2', '2026-12-02 09:00:00+00', '2026-12-02 09:00:01+00', 1, 0, 1, 1, 10, 1, 0, 0, 0, 0, 0, 0, 'error')`);
      await raw.run(`INSERT INTO run_agents VALUES ('default', 'r1', 'planner', 2, 0.2, 0), ('default', 'r1', 'coder', 1, 0.05, 0), ('default', 'gone', 'coder', 1, 0.01, 0)`);
      // A delta a crash left pending: it takes its stored run's start.
      await raw.run(`INSERT INTO rollup_pending_run_agents VALUES ('default', 'r1', 'coder', 1, 0.01, 0)`);
      const hashOf = async (runId: string) => (await raw.runAndReadAll(`SELECT md5_number_lower('${runId}')`)).getRows()[0]![0];
      const hashes = { r1: await hashOf('r1'), r2: await hashOf('r2'), gone: await hashOf('gone') };
      const rows = async (con: { runAndReadAll: (sql: string) => Promise<{ getRows: () => unknown[][] }> }) => ({
        runs: (await con.runAndReadAll('SELECT * FROM runs ORDER BY run_id')).getRows(),
        runAgents: (await con.runAndReadAll('SELECT * FROM run_agents ORDER BY agent, run_id')).getRows(),
        keys: (await con.runAndReadAll(`SELECT count(*) FROM duckdb_constraints() WHERE table_name IN ('runs', 'run_agents') AND constraint_type = 'PRIMARY KEY'`)).getRows(),
      });
      const stored = await rows(raw);
      expect(stored.keys).toEqual([[2n]]);
      raw.closeSync();
      before.closeSync();

      // An upgrade says what it applies (a rebuild may take seconds), on stderr.
      const said = vi.spyOn(console, 'error').mockImplementation(() => {});
      let messages: string[] = [];
      const db = await Database.open({ path }).finally(() => {
        messages = said.mock.calls.map((c) => String(c[0]));
        said.mockRestore();
      });
      expect(messages).toEqual(listMigrations().filter((m) => m.version >= 12).map((m) => `tokentally: upgrading ${path}: ${m.name}…`));
      const con = await db.connect();
      // Migration 013 adds merged_seq (and to runs created_seq): 0 for every row stored before it.
      // 015 adds the run id's hash, and to run_agents the start of its run (the epoch for a run gone).
      const r1Start = stored.runs.find((r) => r[1] === 'r1')![2];
      const epoch = (await con.runAndReadAll(`SELECT TIMESTAMPTZ '1970-01-01 00:00:00+00'`)).getRows()[0]![0];
      const hashOfRow = (row: unknown[]) => hashes[row[1] as keyof typeof hashes];
      expect(await rows(con)).toEqual({
        runs: stored.runs.map((row) => [...row, 0n, 0n, hashOfRow(row)]),
        runAgents: stored.runAgents.map((row) => [...row, 0n, row[1] === 'r1' ? r1Start : epoch, hashOfRow(row)]),
        keys: [[0n]],
      });
      expect((await con.runAndReadAll('SELECT start_time FROM rollup_pending_run_agents')).getRows()).toEqual([[r1Start]]);
      con.closeSync();
      db.close();
    } finally {
      cleanup();
    }
  });

  it('shows the response id of calls stored before it had a column (migration 016) from their attributes', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'response-id.duckdb');
      const { before, raw } = await fileBefore(path, 16);
      // Calls 1 and 2 as the release before stored them: the id, if any, inside the attributes.
      const callRow = (span: number, attributes: string) =>
        `(${span}, ${span}, ${span}, 0, now(), now(), 0, 0, NULL, 0, 0, 0, 0, NULL, 0, 0, 0, NULL, 0, NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1, false, NULL, 'r', NULL, ${attributes}, 1)`;
      await raw.run(`INSERT INTO llm_calls_raw VALUES ${callRow(1, `'{"gen_ai.response.id":"chatcmpl-old","server.port":443}'`)}, ${callRow(2, 'NULL')}`);
      raw.closeSync();
      before.closeSync();

      const db = await Database.open({ path });
      const con = await db.connect();
      await con.run(`INSERT INTO llm_calls_raw VALUES ${callRow(3, `'{"server.port":443}'`).replace(/\)$/, ", 'chatcmpl-new')")}`);
      const rows = (await con.runAndReadAll('SELECT span_id, response_id, attributes FROM llm_calls ORDER BY span_id')).getRows();
      expect(rows).toEqual([
        ['0000000000000001', 'chatcmpl-old', '{"gen_ai.response.id":"chatcmpl-old","server.port":443}'],
        ['0000000000000002', null, null],
        ['0000000000000003', 'chatcmpl-new', '{"server.port":443}'],
      ]);
      con.closeSync();
      db.close();
    } finally {
      cleanup();
    }
  });

  it('locks its configuration at open, read-write or read-only, with a private export directory, wiped at open', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'l.duckdb');
      for (const readOnly of [false, true]) {
        if (!readOnly) {
          mkdirSync(`${path}.export/parquet-left`, { recursive: true });
          writeFileSync(`${path}.export/parquet-left/calls.parquet`, 'from a process that died mid-export');
        }
        const db = await Database.open({ path, readOnly });
        expect(readdirSync(db.exportDir)).toEqual([]);
        const con = await db.connect();
        const settings = Object.fromEntries(
          (await con.runAndReadAll(`SELECT name, value FROM duckdb_settings() WHERE name IN ('enable_external_access', 'lock_configuration', 'allowed_directories')`)).getRows(),
        );
        expect(settings).toEqual({
          enable_external_access: 'false',
          lock_configuration: 'true',
          allowed_directories: expect.stringContaining(db.exportDir) as unknown,
        });
        expect(statSync(db.exportDir).mode & 0o777).toBe(0o700);
        await expect(con.run(`COPY (SELECT 1) TO '${join(dir, 'x.csv')}'`)).rejects.toThrow(/Permission Error/);
        await con.run(`COPY (SELECT 1 AS one) TO '${join(db.exportDir, 'x.parquet')}' (FORMAT parquet)`);
        con.closeSync();
        db.close();
        expect(existsSync(db.exportDir)).toBe(false);
      }
    } finally {
      cleanup();
    }
  });

  it('opens with the configured memory limit, checkpoint threshold and allocator flush threshold', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = await Database.open({ path: join(dir, 'c.duckdb'), memoryLimit: '300MB', checkpointThreshold: '48MB', allocatorFlushThreshold: '3MB' });
      const con = await db.connect();
      const settings = Object.fromEntries(
        (await con.runAndReadAll(`SELECT name, value FROM duckdb_settings() WHERE name IN ('memory_limit', 'checkpoint_threshold', 'allocator_bulk_deallocation_flush_threshold')`)).getRows(),
      );
      // DuckDB reports sizes in binary units: 300MB = 286.1 MiB, 48MB = 45.7 MiB, 3MB = 2.8 MiB.
      expect(settings).toEqual({ memory_limit: '286.1 MiB', checkpoint_threshold: '45.7 MiB', allocator_bulk_deallocation_flush_threshold: '2.8 MiB' });
      con.closeSync();
      db.close();
    } finally {
      cleanup();
    }
  });
});
