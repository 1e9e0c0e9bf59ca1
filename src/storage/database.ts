import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { queriesDir } from '../util/paths.js';

export interface DatabaseOptions {
  /** File path, or ':memory:'. */
  path: string;
  memoryLimit?: string;
  threads?: number;
  readOnly?: boolean;
}

/**
 * The one DuckDB file of a tokentally process. One process owns it read-write; the exporter
 * writes through its own connection and readers (API, budgets) open further connections on the
 * same instance, which DuckDB allows within a process.
 */
export class Database {
  private constructor(readonly instance: DuckDBInstance, readonly path: string) {}

  static async open(options: DatabaseOptions): Promise<Database> {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    const config: Record<string, string> = {};
    if (options.memoryLimit) config.memory_limit = options.memoryLimit;
    if (options.threads) config.threads = String(options.threads);
    if (options.readOnly) config.access_mode = 'READ_ONLY';
    const instance = await DuckDBInstance.create(options.path, config);
    const db = new Database(instance, options.path);
    await db.useUtc();
    if (!options.readOnly) await db.migrate();
    return db;
  }

  /**
   * Every timestamp is UTC: date_trunc, ::DATE and the roll-up keys must not follow the host's
   * time zone, which DuckDB's ICU extension would otherwise use for TIMESTAMPTZ arithmetic.
   * (Set after creation: the ICU setting cannot be given as a creation option.)
   */
  private async useUtc(): Promise<void> {
    const con = await this.connect();
    try {
      await con.run("SET GLOBAL TimeZone = 'UTC'");
    } finally {
      con.closeSync();
    }
  }

  connect(): Promise<DuckDBConnection> {
    return this.instance.connect();
  }

  /** Applies every queries/migrations/NNN_name.sql not yet applied, each in its own transaction. */
  private async migrate(): Promise<void> {
    const con = await this.connect();
    try {
      await con.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
      const applied = new Set(
        (await con.runAndReadAll('SELECT version FROM schema_migrations')).getRows().map((r) => Number(r[0])),
      );
      for (const migration of listMigrations()) {
        if (applied.has(migration.version)) continue;
        await con.run('BEGIN TRANSACTION');
        try {
          await con.run(migration.sql);
          await con.run('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
          await con.run('COMMIT');
        } catch (error) {
          await con.run('ROLLBACK');
          throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`);
        }
      }
    } finally {
      con.closeSync();
    }
  }

  close(): void {
    this.instance.closeSync();
  }
}

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(): Migration[] {
  const dir = join(queriesDir(), 'migrations');
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f.replace(/\.sql$/, ''), sql: readFileSync(join(dir, f), 'utf8') }));
}
