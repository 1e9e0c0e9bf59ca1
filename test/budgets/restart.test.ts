import { afterEach, describe, expect, it } from 'vitest';
import { createDuckdbExporter } from '../../src/exporters/duckdb/factory.js';
import type { DuckdbExporter } from '../../src/exporters/duckdb/exporter.js';
import { newBatch } from '../../src/pipeline/batch.js';
import type { ActivityRecord, CallRecord } from '../../src/pipeline/records.js';
import { makeActivity } from '../support/records.js';
import { configSchema } from '../../src/config/schema.js';
import type { BudgetsConfig } from '../../src/budgets/index.js';
import { spend } from './support/calls.js';
import { manualClock, startBudgets, testConfig, type Harness } from './support/harness.js';
import { startReceiver } from './support/receiver.js';

const exporterConfig = { ...configSchema.parse({}).exporters.duckdb, commit_interval_ms: 1 };

/** The budgets service behind the real DuckDB exporter, as the server runs it, on one database file. */
async function startStack(clock: () => number, config: BudgetsConfig, dbPath?: string, cleanup?: () => void, withBudgets = true) {
  const h = await startBudgets({ clock, config, dbPath, cleanup });
  if (!withBudgets) await h.budgets.shutdown();
  const exporter: DuckdbExporter = createDuckdbExporter(exporterConfig, h.db, withBudgets ? [h.budgets] : []);
  await exporter.start();
  const store = async (...records: Array<CallRecord | ActivityRecord>) => {
    const b = newBatch({ protocol: 'http', tenant: 'default' }, []);
    b.calls = records.filter((r): r is CallRecord => 'cost' in r);
    b.activities = records.filter((r): r is ActivityRecord => 'eventType' in r);
    await exporter.consume(b);
  };
  return {
    h,
    store,
    exporter,
    async stop() {
      await exporter.shutdown();
      await h.stop();
    },
  };
}

async function count(h: Harness, sql: string): Promise<number> {
  const con = await h.db.connect();
  try {
    return Number((await con.runAndReadAll(sql)).getRows()[0]![0]);
  } finally {
    con.closeSync();
  }
}

describe('budgets across a restart', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let cleanup = () => undefined as void;
  afterEach(async () => {
    await receiver.close();
    cleanup();
  });

  it('resumes pending deliveries and neither loses nor repeats an alert', async () => {
    receiver = await startReceiver();
    const clock = manualClock('2026-11-20T10:00:00Z');
    const slow = testConfig((c) => (c.alerts.webhook.initial_backoff_ms = 60_000));
    let stack = await startStack(clock, slow);
    cleanup = stack.h.cleanup;
    await stack.h.budgets.admin.create('default', { name: 'researcher-daily', scope: 'agent', target: 'researcher', period: 'daily', limit_usd: 10, webhooks: [receiver.url()] });
    receiver.fail(100);
    await stack.store(spend(5, clock()), spend(3.5, clock()));
    // Both alerts are stored; the 50% one was tried once and waits a minute to retry, the 80% one
    // waits behind it (alerts to one receiver stay in order).
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.attempts.map((r) => r.json.threshold_percent)).toEqual([50]);
    const dbPath = stack.h.dbPath;
    await stack.stop();

    receiver.fail(0);
    clock.advance(61_000);
    stack = await startStack(clock, testConfig(), dbPath, cleanup);
    await receiver.waitFor(2);
    await stack.h.budgets.settled();
    expect(receiver.received.map((r) => r.json.threshold_percent)).toEqual([50, 80]);
    expect(receiver.received.map((r) => r.headers['x-tokentally-attempt'])).toEqual(['2', '1']);
    expect(await count(stack.h, 'SELECT count(*) FROM budget_events')).toBe(2);
    expect(await count(stack.h, "SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'")).toBe(0);

    // Spend was rebuilt from the roll-ups: the next threshold fires once, the earlier ones not again.
    const status = stack.h.budgets.statuses.current(stack.h.budgets.registry.byName('default', 'researcher-daily')!);
    expect(status?.spentNanos).toBe(8_500_000_000);
    await stack.store(spend(1, clock()));
    await stack.h.budgets.settled();
    expect(receiver.received.map((r) => r.json.threshold_percent)).toEqual([50, 80, 95]);
    await stack.stop();
  });

  it('fires at start-up a threshold crossed while no alert could be stored, and only once', async () => {
    receiver = await startReceiver();
    const clock = manualClock('2026-11-20T10:00:00Z');
    let stack = await startStack(clock, testConfig());
    cleanup = stack.h.cleanup;
    await stack.h.budgets.admin.create('default', { name: 'org-daily', scope: 'org', period: 'daily', limit_usd: 10, webhooks: [receiver.url()] });
    const dbPath = stack.h.dbPath;
    await stack.stop();

    // As if the process died between the commit and storing the alert: spend stored, no alert.
    stack = await startStack(clock, testConfig(), dbPath, cleanup, false);
    await stack.store(spend(6, clock()));
    await stack.stop();

    for (let restart = 0; restart < 2; restart++) {
      stack = await startStack(clock, testConfig(), dbPath, cleanup);
      await stack.h.budgets.settled();
      await stack.stop();
    }
    expect(receiver.received.map((r) => r.json.threshold_percent)).toEqual([50]);
  });

  it('rebuilds from the roll-ups exactly the totals it kept from commits', async () => {
    receiver = await startReceiver();
    const clock = manualClock('2026-11-20T15:00:00Z');
    let stack = await startStack(clock, testConfig());
    cleanup = stack.h.cleanup;
    const admin = stack.h.budgets.admin;
    await admin.create('default', { name: 'org-daily', scope: 'org', period: 'daily', limit_usd: 100, timezone: 'America/New_York' });
    await admin.create('default', { name: 'per-run', scope: 'run', period: 'per_run', limit_usd: 10 });
    await admin.create('default', { name: 'writer-per-run', scope: 'agent', target: 'writer', period: 'per_run', limit_usd: 10 });
    await admin.create('default', { name: 'search-monthly', scope: 'model', target: 'web_search', period: 'monthly', limit_usd: 10 });
    const t = (iso: string) => Date.parse(iso);
    await stack.store(
      spend(1.25, t('2026-11-20T09:10:00Z'), { runId: 'r1' }),
      spend(null, t('2026-11-20T09:20:00Z'), { runId: 'r1', responseModel: 'mystery-model' }),
      spend(2, t('2026-11-20T13:30:00Z'), { runId: 'r2', agent: 'writer' }),
      makeActivity({ runId: 'r2', agent: 'writer', eventType: 'tool_call', name: 'web_search', costNanos: 30_000_000, startUs: t('2026-11-20T13:31:00Z') * 1000 }),
      makeActivity({ runId: 'r2', agent: 'writer', eventType: 'tool_call', name: 'calculator', costNanos: null, startUs: t('2026-11-20T13:32:00Z') * 1000 }),
      spend(0.5, t('2026-11-20T04:00:00Z'), { runId: 'r0' }),
    );
    const snapshot = (h: Harness) =>
      [...h.budgets.registry.forTenant('default')].sort((a, b) => a.name.localeCompare(b.name)).map((b) => {
        const s = h.budgets.statuses.current(b, b.period === 'per_run' ? 'r2' : undefined)!;
        return [b.name, s.spentNanos, s.calls, s.unpricedCalls, s.drivers.map((d) => `${d.agent}/${d.model ?? ''}:${d.costNanos}`)];
      });
    const live = snapshot(stack.h);
    // The 04:00 UTC call is still the 19th in New York; the unpriced tool call is not spend.
    expect(live).toEqual([
      ['org-daily', 3_280_000_000, 4, 1, ['writer/gpt-4o-2024-08-06:2000000000', 'researcher/gpt-4o-2024-08-06:1250000000', 'writer/web_search:30000000', 'researcher/mystery-model:0']],
      ['per-run', 2_030_000_000, 2, 0, ['writer/:2030000000']],
      ['search-monthly', 30_000_000, 1, 0, ['writer/web_search:30000000']],
      ['writer-per-run', 2_030_000_000, 2, 0, ['writer/:2030000000']],
    ]);
    const dbPath = stack.h.dbPath;
    await stack.stop();
    stack = await startStack(clock, testConfig(), dbPath, cleanup);
    expect(snapshot(stack.h)).toEqual(live);
    await stack.stop();
  });

  it('restores the spend of a day that starts inside a UTC hour exactly, and older spend by the hour', async () => {
    receiver = await startReceiver();
    const clock = manualClock('2026-11-20T18:10:00Z');
    let stack = await startStack(clock, testConfig());
    cleanup = stack.h.cleanup;
    const create = (name: string, period: string, timezone: string) => stack.h.budgets.admin.create('default', { name, scope: 'org', period, limit_usd: 100, timezone });
    await create('india-daily', 'daily', 'Asia/Kolkata');
    await create('utc-monthly', 'monthly', 'UTC');
    // Midnight in India is 18:30 UTC; the first call is the day before's, the second today's.
    await stack.store(spend(3, clock()), spend(2, Date.parse('2026-11-20T18:40:00Z')), spend(5, Date.parse('2026-11-16T09:00:00Z')));
    const dbPath = stack.h.dbPath;
    await stack.stop();

    clock.set('2026-11-20T19:00:00Z');
    stack = await startStack(clock, testConfig(), dbPath, cleanup);
    const spent = (name: string) => stack.h.budgets.statuses.current(stack.h.budgets.registry.byName('default', name)!)?.spentNanos;
    expect([spent('india-daily'), spent('utc-monthly')]).toEqual([2_000_000_000, 10_000_000_000]);
    await stack.stop();
  });

  it('rebuilds spend from the roll-ups when stored costs change without a commit (re-pricing)', async () => {
    receiver = await startReceiver();
    const clock = manualClock('2026-11-20T15:00:00Z');
    const stack = await startStack(clock, testConfig());
    cleanup = stack.h.cleanup;
    await stack.h.budgets.admin.create('default', { name: 'org-daily', scope: 'org', period: 'daily', limit_usd: 10, webhooks: [receiver.url()] });
    await stack.store(spend(4, clock()));
    // What a re-pricing does: the stored cost of the call and of its hour double in place.
    await stack.exporter.exclusive(async (con) => {
      await con.run('UPDATE llm_calls_raw SET total_cost = total_cost * 2; UPDATE hourly_usage SET total_cost = total_cost * 2');
      await stack.h.budgets.reloadUsage();
    });
    const status = stack.h.budgets.statuses.current(stack.h.budgets.registry.byName('default', 'org-daily')!);
    expect(status?.spentNanos).toBe(8_000_000_000);
    await stack.h.budgets.settled();
    // $4 was 40%; re-priced to $8 it is 80%: both thresholds it now passes fire.
    expect(receiver.received.map((r) => r.json.threshold_percent)).toEqual([50, 80]);
    await stack.stop();
  });
});
