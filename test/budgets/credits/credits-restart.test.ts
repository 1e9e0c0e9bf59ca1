import { afterEach, describe, expect, it } from 'vitest';
import { createDuckdbExporter } from '../../../src/exporters/duckdb/factory.js';
import { newBatch } from '../../../src/pipeline/batch.js';
import type { CallRecord } from '../../../src/pipeline/records.js';
import { configSchema } from '../../../src/config/schema.js';
import { spend } from '../support/calls.js';
import { manualClock, startBudgets, type Harness } from '../support/harness.js';

const exporterConfig = { ...configSchema.parse({}).exporters.duckdb, commit_interval_ms: 1 };
const at = (iso: string) => Date.parse(iso);

describe('credits across a restart', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h?.cleanup();
  });

  it('restores the balance from the ledger and the spend stored since the account opened', async () => {
    const clock = manualClock('2026-11-20T10:05:00Z');
    h = await startBudgets({ clock });
    const exporter = createDuckdbExporter(exporterConfig, h.db, [h.budgets]);
    await exporter.start();
    const store = async (...calls: CallRecord[]) => {
      const b = newBatch({ protocol: 'http', tenant: 'default' }, []);
      b.calls = calls;
      await exporter.consume(b);
    };
    await store(spend(4, at('2026-11-20T10:05:00Z')));
    clock.set('2026-11-20T10:30:00Z');
    await h.budgets.credits.addCredit('default', 'researcher', 20_000_000_000, null, null);
    // Same hour as the opening but before it (not counted), after it, and in later hours.
    await store(spend(1, at('2026-11-20T10:20:00Z')), spend(2, at('2026-11-20T10:40:00Z')), spend(3, at('2026-11-20T11:10:00Z')), spend(0.5, at('2026-11-20T13:00:00Z')));
    clock.set('2026-11-20T14:00:00Z');
    expect(h.budgets.credits.accountJson(h.budgets.credits.account('default', 'researcher'))).toMatchObject({ balance_usd: 14.5, spent_usd: 5.5 });
    await exporter.shutdown();
    const dbPath = h.dbPath;
    await h.stop();

    h = await startBudgets({ clock, dbPath, cleanup: h.cleanup });
    const restored = h.budgets.credits.accountJson(h.budgets.credits.account('default', 'researcher'));
    expect(restored).toMatchObject({ balance_usd: 14.5, credited_usd: 20, spent_usd: 5.5, opened_at: '2026-11-20T10:30:00.000Z' });
    // The burn rate since opening came back from the hourly roll-up: $5.50 over 3.5 hours.
    expect(restored.burn_rate_usd_per_hour).toBeCloseTo(5.5 / 3.5, 6);
  });
});
