import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { queriesDir } from '../util/paths.js';

export interface DatabaseOptions {
  /** File path, or ':memory:'. */
  path: string;
  memoryLimit?: string;
  /** WAL size that triggers a checkpoint (see exporters.duckdb.checkpoint_threshold). */
  checkpointThreshold?: string;
  /** DuckDB's allocator_bulk_deallocation_flush_threshold (see exporters.duckdb in the config schema). */
  allocatorFlushThreshold?: string;
  threads?: number;
  readOnly?: boolean;
}

/**
 * The one DuckDB file of a tokentally process. One process owns it read-write; the exporter
 * writes through its own connection and readers (API, budgets) open further connections on the
 * same instance, which DuckDB allows within a process.
 */
export class Database {
  /**
   * @param exportDir the one directory beyond the database's own files that DuckDB may write
   *   (Parquet exports are written here, then sent). See exportDirFor.
   */
  private constructor(readonly instance: DuckDBInstance, readonly path: string, readonly exportDir: string) {}

  static async open(options: DatabaseOptions): Promise<Database> {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    const config: Record<string, string> = {
      // No statement may fetch an extension: the server needs only ICU, JSON and Parquet, which
      // this build links statically and loads at start (duckdb_extensions(): STATICALLY_LINKED).
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      allow_community_extensions: 'false',
    };
    if (options.memoryLimit) config.memory_limit = options.memoryLimit;
    if (options.threads) config.threads = String(options.threads);
    if (options.checkpointThreshold) config.checkpoint_threshold = options.checkpointThreshold;
    if (options.allocatorFlushThreshold) config.allocator_bulk_deallocation_flush_threshold = options.allocatorFlushThreshold;
    if (options.readOnly) config.access_mode = 'READ_ONLY';
    const instance = await DuckDBInstance.create(options.path, config);
    const db = new Database(instance, options.path, exportDirFor(options));
    try {
      await db.lockDown();
      if (!options.readOnly) await db.migrate();
    } catch (error) {
      db.close();
      throw error;
    }
    return db;
  }

  /**
   * Settles the instance's configuration for good, before any other statement runs on it.
   * The SQL endpoint's parse-tree guard is the first wall; this is the second, so that even a
   * statement the guard wrongly let through cannot read or write files, reach the network or
   * load code:
   *  - TimeZone UTC: date_trunc, ::DATE and the roll-up keys must not follow the host's time
   *    zone, which ICU would otherwise use for TIMESTAMPTZ arithmetic. (An ICU setting, so it
   *    cannot be a creation option; and it must come before the lock.)
   *  - allowed_directories, then enable_external_access=false: no file, URL, ATTACH, INSTALL or
   *    LOAD except under exportDir. DuckDB itself adds the database file, its WAL files and its
   *    temp_directory (<file>.tmp, for spilling; ./.tmp for ':memory:'), which it needs. The
   *    allow-list cannot be changed once external access is off, hence this order; and DuckDB
   *    1.5 refuses allowed_directories as a creation option, hence SQL.
   *  - lock_configuration: no later SET, RESET or PRAGMA can undo any of it (nor change any other
   *    setting: settings belong here, at open).
   */
  private async lockDown(): Promise<void> {
    const con = await this.connect();
    try {
      await con.run("SET GLOBAL TimeZone = 'UTC'");
      await con.run(`SET GLOBAL allowed_directories = [${quoteLiteral(this.exportDir + sep)}]`);
      await con.run('SET GLOBAL enable_external_access = false');
      await con.run('SET GLOBAL lock_configuration = true');
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
      // A new file gets every migration at once, in moments; an older one may take a while to
      // upgrade (015 rebuilds run_agents: seconds a million runs), which is said, on stderr so
      // that a command's output stays clean.
      const upgrading = applied.size > 0;
      for (const migration of listMigrations()) {
        if (applied.has(migration.version)) continue;
        if (upgrading) console.error(`tokentally: upgrading ${this.path}: ${migration.name}…`);
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
    rmSync(this.exportDir, { recursive: true, force: true });
  }
}

const quoteLiteral = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * A directory for this process alone, mode 0700. Beside a file opened read-write (`<file>.export`,
 * as DuckDB keeps `<file>.tmp`): DuckDB's lock on the file is held by now, so whatever is in it was
 * left by a process that died mid-export and is wiped here rather than left behind in /tmp.
 * Otherwise (':memory:', or read-only, where several processes may share the file) a fresh one
 * under the OS temp dir.
 */
function exportDirFor(options: DatabaseOptions): string {
  if (options.path === ':memory:' || options.readOnly) return mkdtempSync(join(tmpdir(), 'tokentally-export-'));
  const dir = `${options.path}.export`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { mode: 0o700 });
  return dir;
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
