import { DuckDBInstance } from '@duckdb/node-api';
import { parseConfig } from '../../src/config/load.js';
import { startService, type RunningService, type ServiceOptions } from '../../src/service/service.js';
import { tempDir } from './temp-dir.js';
import { ephemeralConfig, spawnServer, type ServerProcess } from '../../src/bench/server-process.js';

export type { ServerProcess };

/** A partial otel-config.yaml document; merged over ephemeral ports and a temp database. */
export type ConfigDocument = Record<string, unknown>;

export interface TestServer {
  otlpHttpUrl: string;
  /** host:port for the gRPC exporter (http://host:port as its url). */
  otlpGrpcAddress: string;
  apiUrl: string;
  dbPath: string;
  dir: string;
  service: RunningService;
  /** Stops the server (drain + commit) and removes the temp dir unless `keep`. */
  stop(options?: { keep?: boolean }): Promise<void>;
}

function testDocument(dir: string, doc: ConfigDocument): ConfigDocument {
  // Heap steering off: an in-process server would steer the test worker's heap by the worker's
  // RSS (and servers in one worker would share V8's one setting). Its own tests turn it on.
  const fast = { exporters: { duckdb: { commit_interval_ms: 2, memory_limit: '512MB', threads: 2 } }, service: { memory: { soft_limit_mib: 0 } } };
  return deepMerge(deepMerge(ephemeralConfig(dir), fast), doc);
}

function deepMerge(base: ConfigDocument, over: ConfigDocument): ConfigDocument {
  const out: ConfigDocument = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? deepMerge(b, v) : v;
  }
  return out;
}

const isPlainObject = (v: unknown): v is ConfigDocument => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The real tokentally service in this process, on ephemeral loopback ports with its own temp
 * directory and DuckDB file, so test files can run in parallel.
 */
export async function startTestServer(options: { config?: ConfigDocument; service?: ServiceOptions } = {}): Promise<TestServer> {
  const { dir, cleanup } = tempDir();
  const config = parseConfig(testDocument(dir, options.config ?? {}), 'test', {});
  const service = await startService(config, options.service);
  let stopped = false;
  return {
    otlpHttpUrl: `http://${service.ports.otlpHttp}/v1/traces`,
    otlpGrpcAddress: `${service.ports.otlpGrpc}`,
    apiUrl: `http://${service.ports.api}`,
    dbPath: config.exporters.duckdb.path,
    dir,
    service,
    async stop({ keep = false } = {}) {
      if (!stopped) await service.shutdown();
      stopped = true;
      if (!keep) cleanup();
    },
  };
}

/** Runs SQL on a DuckDB file no server holds (after stop, or after a kill). */
export async function queryFile(dbPath: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(dbPath, { access_mode: 'READ_ONLY' });
  try {
    const con = await instance.connect();
    const rows = (await con.runAndReadAll(sql)).getRowObjectsJS();
    con.closeSync();
    return rows;
  } finally {
    instance.closeSync();
  }
}

/** `tokentally serve` as a child process, for tests that kill the server or read its output. */
export function spawnTestServer(dir: string, doc: ConfigDocument = {}, env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  return spawnServer(dir, testDocument(dir, doc), env);
}
