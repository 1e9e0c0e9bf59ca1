import { join } from 'node:path';
import type { Router } from 'express';
import { Database } from '../../../src/storage/database.js';
import { createBudgets, createDefaultConfig, type BudgetsConfig } from '../../../src/budgets/index.js';
import type { BudgetsService } from '../../../src/budgets/service.js';
import { ApiServer } from '../../../src/api/server.js';
import { ApiKeyStore } from '../../../src/auth/api-keys.js';
import type { ApiKeyConfig } from '../../../src/config/schema.js';
import { createBudgetsRouter } from '../../../src/api/routes/budgets.js';
import { createAlertsRouter } from '../../../src/api/routes/alerts.js';
import { createApprovalsRouter } from '../../../src/api/routes/approvals.js';
import { createCreditsRouter } from '../../../src/api/routes/credits.js';
import { createAgentsRegistryRouter } from '../../../src/api/routes/agents-registry.js';
import type { CostBreakdown } from '../../../src/pipeline/records.js';
import { tempDir } from '../../support/temp-dir.js';

/** A clock the test moves by hand. */
export function manualClock(startIso: string) {
  let now = Date.parse(startIso);
  const clock = () => now;
  return Object.assign(clock, {
    set: (iso: string) => void (now = Date.parse(iso)),
    advance: (ms: number) => void (now += ms),
    get us() {
      return now * 1000;
    },
  });
}
export type ManualClock = ReturnType<typeof manualClock>;

/** A priced cost of `usd` dollars, all of it in one component (budgets only read the total). */
export function usd(amount: number): CostBreakdown {
  const nanos = Math.round(amount * 1e9);
  return { inputCost: nanos, outputCost: 0, cacheReadCost: 0, cacheWriteCost: 0, reasoningCost: 0, otherCost: 0, totalCost: nanos };
}

/** Config with short back-off so retry tests stay fast. */
export function testConfig(overrides: (c: BudgetsConfig) => void = () => undefined): BudgetsConfig {
  const config = createDefaultConfig();
  config.alerts.webhook.secret = 'test-secret';
  config.alerts.webhook.initial_backoff_ms = 20;
  config.alerts.webhook.timeout_ms = 2_000;
  overrides(config);
  return config;
}

export interface Harness {
  db: Database;
  budgets: BudgetsService;
  dbPath: string;
  /** Stops the service and closes the database; the file stays until cleanup(). */
  stop(): Promise<void>;
  cleanup(): void;
}

/** A budgets service on a real DuckDB file in a fresh temp dir (or `dbPath`, to restart on one). */
export async function startBudgets(opts: { config?: BudgetsConfig; clock: () => number; dbPath?: string; cleanup?: () => void }): Promise<Harness> {
  const dir = opts.dbPath ? undefined : tempDir('tokentally-budgets-');
  const dbPath = opts.dbPath ?? join(dir!.dir, 'tokentally.duckdb');
  const db = await Database.open({ path: dbPath });
  const budgets = createBudgets(opts.config ?? testConfig(), { database: db, clock: opts.clock });
  await budgets.start();
  let stopped = false;
  return {
    db,
    budgets,
    dbPath,
    async stop() {
      if (stopped) return;
      stopped = true;
      await budgets.shutdown();
      db.close();
    },
    cleanup: opts.cleanup ?? dir?.cleanup ?? (() => undefined),
  };
}

export function budgetRouters(keys: ApiKeyStore, budgets: BudgetsService): Router[] {
  const deps = { keys, budgets };
  return [createBudgetsRouter(deps), createAlertsRouter(deps), createApprovalsRouter(deps), createCreditsRouter(deps), createAgentsRegistryRouter(deps)];
}

/** Parsed JSON bodies; tests say which shape they expect. */
export type JsonObject = Record<string, unknown>;

export interface Api {
  url: string;
  request<T = JsonObject>(method: string, path: string, body?: unknown, key?: string): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

/** The real API server on a loopback port with every budgets router. */
export async function startApi(budgets: BudgetsService, apiKeys: ApiKeyConfig[] = []): Promise<Api> {
  const server = new ApiServer({ endpoint: { host: '127.0.0.1', port: 0 } }, budgetRouters(new ApiKeyStore(apiKeys), budgets));
  await server.start();
  const url = `http://127.0.0.1:${server.boundPort}`;
  return {
    url,
    async request<T>(method: string, path: string, body?: unknown, key?: string) {
      const headers: Record<string, string> = {};
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (key) headers.authorization = `Bearer ${key}`;
      const res = await fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, body: (text === '' ? null : JSON.parse(text)) as T };
    },
    stop: () => server.shutdown(),
  };
}
