import { createHash } from 'node:crypto';
import type { ApiKeyConfig } from '../../../src/config/schema.js';
import type { ActivityRecord, CallRecord } from '../../../src/pipeline/records.js';
import type { Database } from '../../../src/storage/database.js';
import { Reader } from '../../../src/storage/reader.js';
import { startTestServer, type ConfigDocument, type TestServer } from '../../support/server.js';
import { factRows, type ActivityRow, type CallRow } from './expected.js';
import { sendSpans } from './otlp-sender.js';

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; message: string } };
}

/** The key `get`/`post` use unless told otherwise: tenant "default", every scope. */
export const DEFAULT_KEY = 'analytics-default-key-0001';

const ingestKey = (tenant: string) => `ingest-${createHash('sha256').update(tenant).digest('hex').slice(0, 24)}`;

/**
 * The real tokentally server (test/support/server.ts) on ephemeral ports, filled through its
 * OTLP/HTTP receiver by the real OpenTelemetry SDK and protobuf exporter. Expectations are
 * computed from the raw stored calls (`calls()`, the public llm_calls view), never from the
 * roll-ups or named queries under test.
 */
export interface AnalyticsFixture {
  server: TestServer;
  db: Database;
  apiUrl: string;
  /** Sends the records as spans, each with an ingest key of its tenant; resolves once committed. */
  store(calls: readonly CallRecord[], activities?: readonly ActivityRecord[]): Promise<void>;
  get(path: string, apiKey?: string | null): Promise<ApiAnswer>;
  /** fetch on the API with DEFAULT_KEY, for bodies that are not JSON (exports, metrics). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  post(path: string, body: unknown, apiKey?: string | null): Promise<ApiAnswer>;
  /** Every stored call as the public llm_calls view shows it. */
  calls(): Promise<CallRow[]>;
  activity(): Promise<ActivityRow[]>;
  /** The calls and the priced activity: what usage figures count (see factRows). */
  facts(): Promise<CallRow[]>;
  close(): Promise<void>;
}

export interface FixtureOptions {
  /** Keys besides DEFAULT_KEY (and an ingest key per tenant of `tenants`). */
  apiKeys?: ApiKeyConfig[];
  /** Tenants the test stores data for, besides "default". */
  tenants?: string[];
  clock?: () => number;
  /** Merged over the test server's configuration. */
  config?: ConfigDocument;
}

export async function startAnalyticsFixture(options: FixtureOptions = {}): Promise<AnalyticsFixture> {
  const tenants = ['default', ...(options.tenants ?? [])];
  const apiKeys: ApiKeyConfig[] = [
    { key: DEFAULT_KEY, tenant: 'default', scopes: ['ingest', 'read', 'admin'] },
    ...tenants.map((tenant) => ({ key: ingestKey(tenant), tenant, scopes: ['ingest' as const] })),
    ...(options.apiKeys ?? []),
  ];
  const server = await startTestServer({ config: { ...options.config, auth: { api_keys: apiKeys } }, service: { clock: options.clock } });
  const db = server.service.db;
  const reader = new Reader(db);

  const call = async (method: string, path: string, body: unknown, apiKey: string | null = DEFAULT_KEY): Promise<ApiAnswer> => {
    const headers: Record<string, string> = {};
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(server.apiUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as ApiAnswer['body']) : {} };
  };
  // The public relations' rows, as the JSON the Reader gives: the shapes CallRow and ActivityRow describe.
  const rowsOf = async <T>(relation: 'llm_calls' | 'activity') => (await reader.rows(`SELECT * FROM ${relation}`)) as unknown as T[];
  const stored = async (tenant: string) => {
    const [row] = await reader.rows('SELECT (SELECT count(*) FROM llm_calls WHERE tenant = $1) + (SELECT count(*) FROM activity WHERE tenant = $1) AS n', [tenant]);
    return Number(row?.n ?? 0);
  };

  return {
    server,
    db,
    apiUrl: server.apiUrl,
    async store(calls, activities = []) {
      for (const tenant of new Set([...calls, ...activities].map((r) => r.tenant))) {
        if (!tenants.includes(tenant)) throw new Error(`fixture: declare tenant "${tenant}" in options.tenants`);
        const mine = calls.filter((c) => c.tenant === tenant);
        const theirs = activities.filter((a) => a.tenant === tenant);
        const before = await stored(tenant);
        await sendSpans(server.otlpHttpUrl, ingestKey(tenant), mine, theirs);
        const after = await stored(tenant);
        if (after - before !== mine.length + theirs.length) {
          throw new Error(`fixture: sent ${mine.length + theirs.length} spans for "${tenant}", ${after - before} were stored`);
        }
      }
    },
    get: (path, apiKey) => call('GET', path, undefined, apiKey),
    fetch: (path, init = {}) => fetch(server.apiUrl + path, { ...init, headers: { authorization: `Bearer ${DEFAULT_KEY}`, ...init.headers } }),
    post: (path, body, apiKey) => call('POST', path, body, apiKey),
    calls: () => rowsOf<CallRow>('llm_calls'),
    activity: () => rowsOf<ActivityRow>('activity'),
    async facts() {
      return factRows(await rowsOf<CallRow>('llm_calls'), await rowsOf<ActivityRow>('activity'));
    },
    async close() {
      reader.close();
      await server.stop();
    },
  };
}
