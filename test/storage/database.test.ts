import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Database, listMigrations } from '../../src/storage/database.js';
import { tempDir } from '../support/temp-dir.js';

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
