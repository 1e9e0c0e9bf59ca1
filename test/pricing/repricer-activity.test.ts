import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { createDuckdbExporter } from '../../src/exporters/duckdb/factory.js';
import { newBatch } from '../../src/pipeline/batch.js';
import type { ActivityRecord, CallRecord } from '../../src/pipeline/records.js';
import { Catalog } from '../../src/pricing/catalog.js';
import { DuckdbOverrideStore } from '../../src/pricing/override-store.js';
import { Repricer, repriceSummary } from '../../src/pricing/repricer.js';
import { PricingService } from '../../src/pricing/service.js';
import { Database } from '../../src/storage/database.js';
import { makeActivity, makeCall } from '../support/records.js';
import { tempDir } from '../support/temp-dir.js';

const us = (iso: string) => Date.parse(iso) * 1000;
const range = (from: string, to: string) => ({ fromMs: Date.parse(`${from}T00:00:00Z`), toMs: Date.parse(`${to}T00:00:00Z`) + 86_400_000 });
const WEB_SEARCH = { provider: 'tool', model: 'web_search', per_call: 0.01, per_second: 0.002 };

/** The stores and roll-ups re-pricing must leave as a fresh ingest would have made them. */
const TABLES = {
  activity: 'SELECT span_id, name, cost, price_source FROM activity ORDER BY span_id',
  hourly_usage: 'SELECT * FROM hourly_usage ORDER BY ALL',
  daily_usage: 'SELECT * FROM daily_usage ORDER BY ALL',
  runs: 'SELECT * FROM runs ORDER BY ALL',
  run_agents: 'SELECT * FROM run_agents ORDER BY ALL',
  llm_calls: 'SELECT span_id, total_cost, price_source FROM llm_calls ORDER BY span_id',
} as const;

/** Spans as the processors read them, before pricing (fixed ids, so two stores hold the same rows). */
function spans(): { calls: CallRecord[]; activities: ActivityRecord[] } {
  const tool = (spanId: string, overrides: Partial<ActivityRecord>) =>
    makeActivity({ traceId: `${spanId.padStart(32, '0')}`, spanId: spanId.padStart(16, '0'), name: 'web_search', ...overrides });
  return {
    calls: [
      makeCall({ traceId: 'c1'.padStart(32, '0'), spanId: 'c1'.padStart(16, '0'), runId: 'run-a', agent: 'researcher', startUs: us('2025-06-15T10:00:00Z') }),
      makeCall({ traceId: 'c2'.padStart(32, '0'), spanId: 'c2'.padStart(16, '0'), runId: 'run-c', agent: 'researcher', startUs: us('2025-08-01T09:00:00Z') }),
    ],
    activities: [
      // run-a: the agent with model calls, and a second agent with tool calls only (no run_agents row until priced).
      tool('a1', { runId: 'run-a', agent: 'researcher', startUs: us('2025-06-15T10:05:00Z'), endUs: us('2025-06-15T10:05:02Z') }),
      tool('a2', { runId: 'run-a', agent: 'critic', status: 'error', errorType: 'Timeout', startUs: us('2025-06-15T10:40:00Z'), endUs: us('2025-06-15T10:40:01Z') }),
      tool('a3', { runId: 'run-a', agent: 'critic', taskType: 'review', startUs: us('2025-06-16T08:00:00Z'), endUs: us('2025-06-16T08:00:00.500Z') }),
      // An explicit cost wins over the override: never re-priced.
      tool('a4', { runId: 'run-b', agent: 'researcher', costNanos: 42_000_000, startUs: us('2025-06-20T12:00:00Z') }),
      // No override names this tool: stays unpriced.
      tool('a5', { runId: 'run-b', agent: 'researcher', name: 'read_file', startUs: us('2025-06-20T12:01:00Z') }),
      // An agent invocation is never priced.
      tool('a6', { runId: 'run-b', agent: 'researcher', eventType: 'agent_invocation', name: 'researcher', startUs: us('2025-06-20T11:59:00Z') }),
      // Outside the June range.
      tool('a7', { runId: 'run-c', agent: 'researcher', startUs: us('2025-08-01T09:01:00Z'), endUs: us('2025-08-01T09:01:03Z') }),
    ],
  };
}

describe('Repricer: tool calls (activity)', () => {
  const dirs: Array<{ dir: string; cleanup: () => void }> = [];
  const dbs: Database[] = [];

  async function store(overrides: unknown[]): Promise<{ db: Database; pricing: PricingService }> {
    const dir = tempDir();
    dirs.push(dir);
    const db = await Database.open({ path: join(dir.dir, 'tt.duckdb') });
    dbs.push(db);
    const pricing = await PricingService.create({ catalog: await Catalog.load(), store: new DuckdbOverrideStore(db), configOverrides: [] });
    if (overrides.length > 0) await pricing.putOverrides(overrides, (i) => `overrides[${i}]`);
    return { db, pricing };
  }

  /** Ingests the spans through the cost processor's pricing and the real DuckDB exporter. */
  async function ingest(db: Database, pricing: PricingService): Promise<void> {
    const exporter = createDuckdbExporter({ ...configSchema.parse({}).exporters.duckdb, commit_interval_ms: 1 }, db);
    await exporter.start();
    try {
      const batch = newBatch({ protocol: 'http', tenant: 'default' }, []);
      const { calls, activities } = spans();
      for (const c of calls) pricing.priceCall(c);
      for (const a of activities) pricing.priceActivity(a);
      batch.calls = calls;
      batch.activities = activities;
      await exporter.consume(batch);
    } finally {
      await exporter.shutdown();
    }
  }

  /**
   * Re-prices through the exporter's exclusive writer, as the server does, in windows of 2 row ids:
   * the 7 tool calls and the calls are read over several windows.
   */
  async function reprice(db: Database, pricing: PricingService, request: Parameters<Repricer['reprice']>[0]) {
    const exporter = createDuckdbExporter({ ...configSchema.parse({}).exporters.duckdb, commit_interval_ms: 1 }, db);
    await exporter.start();
    try {
      return await new Repricer(pricing, (task) => exporter.exclusive(task), 2).reprice(request);
    } finally {
      await exporter.shutdown();
    }
  }

  async function snapshot(db: Database): Promise<Record<keyof typeof TABLES, unknown[]>> {
    const con = await db.connect();
    try {
      const out = {} as Record<keyof typeof TABLES, unknown[]>;
      for (const [table, sql] of Object.entries(TABLES)) out[table as keyof typeof TABLES] = (await con.runAndReadAll(sql)).getRowObjectsJson();
      return out;
    } finally {
      con.closeSync();
    }
  }

  async function rows(db: Database, sql: string) {
    const con = await db.connect();
    try {
      return (await con.runAndReadAll(sql)).getRowObjectsJson();
    } finally {
      con.closeSync();
    }
  }

  beforeEach(() => {
    dirs.length = 0;
    dbs.length = 0;
  });
  afterEach(() => {
    for (const db of dbs) db.close();
    for (const dir of dirs) dir.cleanup();
  });

  it('prices stored tool calls after a tool override is added: activity and roll-ups as a fresh ingest makes them', async () => {
    const { db, pricing } = await store([]);
    await ingest(db, pricing);
    const unpriced = await snapshot(db);
    expect(unpriced.activity.map((r) => (r as { price_source: string }).price_source)).toEqual(['unpriced', 'unpriced', 'unpriced', 'explicit', 'unpriced', 'unpriced', 'unpriced']);

    await pricing.putOverrides([WEB_SEARCH], (i) => `overrides[${i}]`);

    // June only: the August tool call (and its day) stay as they were.
    const june = await reprice(db, pricing, range('2025-06-01', '2025-06-30'));
    expect(june).toMatchObject({ callsChanged: 0, activitiesScanned: 4, activitiesChanged: 3, activityCostBeforeNanos: 0 });
    // a1: 2 s, a2: 1 s, a3: 0.5 s at $0.002/s, plus $0.01 each.
    expect(june.activityCostAfterNanos).toBe(3 * 10_000_000 + (2 + 1 + 0.5) * 2_000_000);
    expect(repriceSummary(june)).toMatchObject({ activities_scanned: 4, activities_changed: 3, activity_cost_before_usd: 0, activity_cost_after_usd: 0.037, activity_delta_usd: 0.037 });
    const afterJune = await snapshot(db);
    const byId = (s: typeof afterJune) => Object.fromEntries(s.activity.map((r) => [(r as { span_id: string }).span_id.replace(/^0+/, ''), r]));
    expect(byId(afterJune)).toMatchObject({
      a1: { cost: '0.014000000', price_source: 'override' },
      a2: { cost: '0.012000000', price_source: 'override' },
      a3: { cost: '0.011000000', price_source: 'override' },
      a4: { cost: '0.042000000', price_source: 'explicit' },
      a5: { cost: null, price_source: 'unpriced' },
      a6: { cost: null, price_source: 'unpriced' },
      a7: { cost: null, price_source: 'unpriced' },
    });
    type Row = Record<string, unknown>;
    const august = (t: typeof afterJune) => ({
      daily: t.daily_usage.filter((r) => String((r as Row).day) >= '2025-08-01'),
      runs: t.runs.filter((r) => (r as Row).run_id === 'run-c'),
      runAgents: t.run_agents.filter((r) => (r as Row).run_id === 'run-c'),
    });
    expect(august(afterJune)).toEqual(august(unpriced));
    expect(august(afterJune).daily.length).toBeGreaterThan(0);

    // Now every day: the store equals one that ingested the spans with the override in force.
    const all = await reprice(db, pricing, range('2025-01-01', '2025-12-31'));
    expect(all).toMatchObject({ activitiesScanned: 5, activitiesChanged: 1 });
    const fresh = await store([WEB_SEARCH]);
    await ingest(fresh.db, fresh.pricing);
    expect(await snapshot(db)).toEqual(await snapshot(fresh.db));

    // Nothing left to change.
    expect(await reprice(db, pricing, range('2025-01-01', '2025-12-31'))).toMatchObject({ activitiesScanned: 5, activitiesChanged: 0 });
  });

  it('unprices tool calls again when their override goes, removing the roll-up rows only they made', async () => {
    const { db, pricing } = await store([WEB_SEARCH]);
    await ingest(db, pricing);
    const priced = await snapshot(db);
    expect(priced.hourly_usage.some((r) => (r as { provider: string }).provider === 'tool')).toBe(true);

    await pricing.deleteOverrides(pricing.overrides().map((o) => o.id));
    const result = await reprice(db, pricing, range('2025-01-01', '2025-12-31'));
    expect(result).toMatchObject({ activitiesScanned: 5, activitiesChanged: 4, activityCostAfterNanos: 0 });

    const fresh = await store([]);
    await ingest(fresh.db, fresh.pricing);
    expect(await snapshot(db)).toEqual(await snapshot(fresh.db));
  });

  it('honours the provider and model filter: tool calls are provider "tool", model = tool name', async () => {
    const { db, pricing } = await store([]);
    await ingest(db, pricing);
    await pricing.putOverrides([WEB_SEARCH, { provider: 'tool', model: 'read_file', per_call: 0.001 }], (i) => `overrides[${i}]`);

    const openai = await reprice(db, pricing, { ...range('2025-01-01', '2025-12-31'), provider: 'openai' });
    expect(openai).toMatchObject({ activitiesScanned: 0, activitiesChanged: 0 });
    const readFile = await reprice(db, pricing, { ...range('2025-01-01', '2025-12-31'), provider: 'Tool', model: 'READ_FILE' });
    expect(readFile).toMatchObject({ callsScanned: 0, activitiesScanned: 1, activitiesChanged: 1, activityCostAfterNanos: 1_000_000 });
    const webSearch = await reprice(db, pricing, { ...range('2025-01-01', '2025-12-31'), model: 'web_search' });
    expect(webSearch).toMatchObject({ activitiesScanned: 4, activitiesChanged: 4 });

    const fresh = await store([WEB_SEARCH, { provider: 'tool', model: 'read_file', per_call: 0.001 }]);
    await ingest(fresh.db, fresh.pricing);
    expect(await snapshot(db)).toEqual(await snapshot(fresh.db));
  });

  it('rolls everything back when a roll-up row a priced tool call counts in is missing', async () => {
    const { db, pricing } = await store([WEB_SEARCH]);
    await ingest(db, pricing);
    await pricing.putOverrides([{ ...WEB_SEARCH, per_call: 0.02 }], (i) => `overrides[${i}]`);
    await rows(db, "DELETE FROM daily_usage WHERE provider = 'tool' AND day = DATE '2025-06-16'");
    const before = await snapshot(db);
    await expect(reprice(db, pricing, range('2025-01-01', '2025-12-31'))).rejects.toThrow('re-pricing stopped, nothing changed: daily_usage has 1 rows');
    expect(await snapshot(db)).toEqual(before);
  });
});
