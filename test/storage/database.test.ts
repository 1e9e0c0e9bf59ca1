import { describe, expect, it } from 'vitest';
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
});
