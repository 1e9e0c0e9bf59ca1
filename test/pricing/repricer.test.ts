import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { createDuckdbExporter } from '../../src/exporters/duckdb/factory.js';
import { newBatch } from '../../src/pipeline/batch.js';
import type { CallRecord } from '../../src/pipeline/records.js';
import { Catalog } from '../../src/pricing/catalog.js';
import { DuckdbOverrideStore } from '../../src/pricing/override-store.js';
import { Repricer, type RepriceProgress, type WriteAccess } from '../../src/pricing/repricer.js';
import { PricingService } from '../../src/pricing/service.js';
import { Database } from '../../src/storage/database.js';
import { namedQuery } from '../../src/storage/reader.js';
import { makeCall } from '../support/records.js';
import { tempDir } from '../support/temp-dir.js';
import { copyCalls, ownConnection, rollupDrift, storeCalls } from './helpers/stored-calls.js';
import { tokenUsage } from '../../src/pricing/token-usage.js';

const us = (iso: string) => Date.parse(iso) * 1000;
const range = (from: string, to: string) => ({ fromMs: Date.parse(`${from}T00:00:00Z`), toMs: Date.parse(`${to}T00:00:00Z`) + 86_400_000 });
const COST_COLUMNS = 'input_cost, output_cost, cache_read_cost, cache_write_cost, reasoning_cost, other_cost, total_cost, priced_model_k, price_source_k';
const tokens = tokenUsage({ inputTokens: 10_000, cacheReadTokens: 2_000, outputTokens: 1_000 });

describe('Repricer', () => {
  let dir: { dir: string; cleanup: () => void };
  let db: Database;
  let pricing: PricingService;
  let access: { write: WriteAccess; close: () => void };

  async function query(sql: string, params: Array<string | number> = []) {
    const con = await db.connect();
    try {
      return (await con.runAndReadAll(sql, params)).getRowObjectsJS();
    } finally {
      con.closeSync();
    }
  }

  /** Calls as ingest prices them before any override exists. */
  function calls(): CallRecord[] {
    const list = [
      makeCall({ spanId: 'c1', runId: 'run-a', startUs: us('2025-06-15T10:00:00Z'), ...tokens }),
      makeCall({ spanId: 'c2', runId: 'run-a', startUs: us('2025-07-15T10:00:00Z'), ...tokens }),
      makeCall({ spanId: 'c3', runId: 'run-b', provider: 'acme', requestModel: 'acme-7b', responseModel: 'acme-7b', startUs: us('2025-06-20T10:00:00Z'), ...tokens }),
      makeCall({ spanId: 'c4', runId: 'run-b', provider: 'acme', requestModel: 'acme-7b', responseModel: 'acme-7b', startUs: us('2025-07-20T10:00:00Z'), isRetry: true, attempt: 2, ...tokens }),
      makeCall({ spanId: 'c5', runId: 'run-b', provider: 'acme', requestModel: 'acme-7b', responseModel: '', startUs: us('2025-07-21T10:00:00Z'), status: 'error', agent: 'critic', ...tokens }),
      makeCall({ spanId: 'c6', runId: 'run-c', explicitCostNanos: 777_000_000, startUs: us('2025-07-02T10:00:00Z'), ...tokens }),
      makeCall({ spanId: 'c7', runId: 'run-c', provider: 'acme', requestModel: 'acme-7b', responseModel: 'acme-7b', startUs: us('2025-08-10T10:00:00Z'), tenant: 'other', ...tokens }),
    ];
    for (const c of list) pricing.priceCall(c);
    return list;
  }

  async function stored() {
    const rows = await query(`SELECT c.run_id, c.start_time, c.provider, c.request_model, c.priced_model, c.price_source, c.input_cost, c.total_cost
      FROM llm_calls c ORDER BY c.start_time`);
    return rows.map((r): Record<string, unknown> => ({ ...r, total_cost: r.total_cost === null ? null : Number(r.total_cost) }));
  }

  beforeEach(async () => {
    dir = tempDir();
    db = await Database.open({ path: join(dir.dir, 'tt.duckdb') });
    pricing = await PricingService.create({ catalog: await Catalog.load(), store: new DuckdbOverrideStore(db), configOverrides: [] });
    access = ownConnection(db);
  });
  afterEach(() => {
    access.close();
    db.close();
    dir.cleanup();
  });

  it('re-prices calls in the range after overrides change, and every roll-up with them', async () => {
    const original = calls();
    await storeCalls(db, original, { 'run-a': 5_000_000 });
    expect(await rollupDrift(db)).toEqual([]);
    const unpricedBefore = await query(namedQuery('pricing_unpriced'), ['default', '2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z', 100, 0]);
    expect(unpricedBefore.map((r) => [r.provider, r.model, Number(r.calls)])).toEqual([['acme', 'acme-7b', 3]]);

    await pricing.putOverrides(
      [
        { provider: 'openai', model: 'gpt-4o', input_mtok: 1, output_mtok: 2, effective_from: '2025-07-01' },
        { provider: 'acme', model: 'acme-7b', input_mtok: 0.2, output_mtok: 0.4 },
      ],
      (i) => `overrides[${i}]`,
    );
    const untouched = () => query(`SELECT * EXCLUDE (${COST_COLUMNS}) FROM llm_calls_raw ORDER BY span_id`);
    const columnsBefore = await untouched();
    const progress: RepriceProgress[] = [];
    // Windows of 2 row ids: the 5 calls to re-price (row ids 0-4) are read in three batches.
    const result = await new Repricer(pricing, access.write, 2).reprice(range('2025-06-01', '2025-07-31'), (p) => progress.push(p));

    const repriced = calls();
    expect(result).toMatchObject({ callsScanned: 5, callsChanged: 4, unpricedBefore: 3, unpricedAfter: 0 });
    const inRange = (list: CallRecord[]) => list.slice(0, 5).reduce((sum, c) => sum + (c.cost?.totalCost ?? 0), 0);
    expect(result.costBeforeNanos).toBe(inRange(original));
    expect(result.costAfterNanos).toBe(inRange(repriced));

    const rows = await stored();
    // c1 started before the override's effective date: untouched. c2 is priced by it.
    const [c1, c2] = rows.filter((r) => r.provider === 'openai' && r.price_source !== 'explicit');
    expect(c1).toMatchObject({ price_source: 'catalog', priced_model: 'gpt-4o', total_cost: original[0]!.cost!.totalCost / 1e9 });
    expect(c2).toMatchObject({ price_source: 'override', priced_model: 'gpt-4o', total_cost: repriced[1]!.cost!.totalCost / 1e9 });
    expect(repriced[1]!.cost!.totalCost).not.toBe(original[1]!.cost!.totalCost);
    // The unpriced acme calls are priced now; the explicit cost and the call outside the range are not touched.
    expect(rows.filter((r) => r.provider === 'acme').map((r) => r.price_source)).toEqual(['override', 'override', 'override', 'unpriced']);
    expect(rows.find((r) => r.price_source === 'explicit')!.total_cost).toBe(0.777);
    expect(Number((await query('SELECT input_cost FROM llm_calls WHERE request_model = $1 AND response_model = $2', ['acme-7b', '']))[0]!.input_cost)).toBe(0.002);

    expect(await rollupDrift(db)).toEqual([]);
    const runA = (await query("SELECT tool_cost, total_cost FROM runs WHERE run_id = 'run-a'"))[0]!;
    expect(Number(runA.tool_cost)).toBe(0.005);
    const unpricedAfter = await query(namedQuery('pricing_unpriced'), ['default', '2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z', 100, 0]);
    expect(unpricedAfter).toEqual([]);
    expect(progress.filter((p) => p.phase === 'price').map((p) => [p.done, p.total])).toEqual([[2, 5], [4, 5], [5, 5]]);
    expect(progress.filter((p) => p.phase === 'stage').at(-1)).toEqual({ phase: 'stage', done: 4, total: 4 });
    expect(progress.filter((p) => p.phase === 'write')).toHaveLength(6);
    // Rewritten rows keep every other column as stored (ids, times, tokens, attributes, commit_seq).
    expect(await untouched()).toEqual(columnsBefore);

    const again = await new Repricer(pricing, access.write).reprice(range('2025-06-01', '2025-07-31'));
    expect(again.callsChanged).toBe(0);
  });

  it('re-prices only the provider and model asked for', async () => {
    await storeCalls(db, calls());
    await pricing.putOverrides([{ provider: 'openai', model: 'gpt-4o', input_mtok: 1 }, { provider: 'acme', model: 'acme-7b', input_mtok: 1 }], (i) => `overrides[${i}]`);
    const onlyGpt = await new Repricer(pricing, access.write).reprice({ ...range('2025-01-01', '2025-12-31'), provider: 'OpenAI', model: 'gpt-4o' });
    expect(onlyGpt).toMatchObject({ callsScanned: 2, callsChanged: 2 });
    expect((await stored()).filter((r) => r.price_source === 'unpriced')).toHaveLength(4);
    const byCatalogId = await new Repricer(pricing, access.write).reprice({ ...range('2025-01-01', '2025-12-31'), model: 'acme-7b' });
    expect(byCatalogId).toMatchObject({ callsScanned: 4, callsChanged: 4 });
    expect(await rollupDrift(db)).toEqual([]);
  });

  it('changes nothing when it fails half way', async () => {
    await storeCalls(db, calls());
    await pricing.putOverrides([{ provider: 'acme', model: 'acme-7b', input_mtok: 1 }], () => '');
    const before = await stored();
    const failing: WriteAccess = (task) =>
      access.write((con, dict) =>
        task(con, {
          ...dict,
          id: (v) => dict.id(v),
          committed: () => dict.committed(),
          rolledBack: () => dict.rolledBack(),
          persist: async () => {
            throw new Error('disk full');
          },
        }),
      );
    await expect(new Repricer(pricing, failing).reprice(range('2025-01-01', '2025-12-31'))).rejects.toThrow('disk full');
    expect(await stored()).toEqual(before);
    expect(await rollupDrift(db)).toEqual([]);
  });

  it('refuses to leave a roll-up behind: a missing roll-up row rolls everything back', async () => {
    await storeCalls(db, calls());
    await pricing.putOverrides([{ provider: 'acme', model: 'acme-7b', input_mtok: 1 }], () => '');
    await query("DELETE FROM daily_usage WHERE provider = 'acme' AND day = DATE '2025-07-20'");
    const before = await stored();
    await expect(new Repricer(pricing, access.write).reprice(range('2025-01-01', '2025-12-31'))).rejects.toThrow(
      're-pricing stopped, nothing changed: daily_usage has 1 of the 4 rows the re-priced calls belong to missing',
    );
    expect(await stored()).toEqual(before);
  });

  it('re-prices more calls than its buffer pool holds', async () => {
    // 400,000 calls, more than a 64MB pool holds uncompressed. Re-pricing that copied the range
    // into a temp table, kept each batch's result until V8 happened to collect it, or updated the
    // rows in place ran out of DuckDB's memory here.
    await storeCalls(db, calls().slice(0, 4));
    await copyCalls(db, 99_999);
    access.close();
    db.close();
    db = await Database.open({ path: join(dir.dir, 'tt.duckdb'), memoryLimit: '64MB', threads: 1 });
    access = ownConnection(db);
    pricing = await PricingService.create({ catalog: await Catalog.load(), store: new DuckdbOverrideStore(db), configOverrides: [] });
    await pricing.putOverrides([{ provider: 'acme', model: 'acme-7b', input_mtok: 0.5, output_mtok: 1 }, { provider: 'openai', model: 'gpt-4o', input_mtok: 1 }], () => '');
    const result = await new Repricer(pricing, access.write).reprice(range('2025-01-01', '2025-12-31'));
    expect(result).toMatchObject({ callsScanned: 400_000, callsChanged: 400_000, unpricedBefore: 200_000, unpricedAfter: 0 });
    const [sums] = await query("SELECT count(*) AS calls, count(*) FILTER (price_source = 'override') AS repriced, sum(total_cost)::DOUBLE AS cost FROM llm_calls");
    expect(sums).toEqual({ calls: 400_000n, repriced: 400_000n, cost: result.costAfterNanos / 1e9 });
    expect(await rollupDrift(db)).toEqual([]);
  });

  it('stops with nothing changed when a checkpoint renumbers the rows it read', async () => {
    // Re-pricing deletes the old rows of the calls it rewrites; the next checkpoint reclaims them
    // and renumbers the rows after them. Here one runs between the pricing and the writes of the
    // next re-pricing (openai only), so the row ids it read now point at other calls of the range,
    // acme ones among them: the writes must not follow them.
    await storeCalls(db, calls().slice(0, 4));
    await copyCalls(db, 74_999);
    await pricing.putOverrides([{ provider: 'acme', model: 'acme-7b', input_mtok: 0.5, output_mtok: 1 }], () => '');
    await new Repricer(pricing, access.write).reprice(range('2025-01-01', '2025-12-31'));
    await pricing.putOverrides([{ provider: 'acme', model: 'acme-7b', input_mtok: 0.5, output_mtok: 1 }, { provider: 'openai', model: 'gpt-4o', input_mtok: 1 }], () => '');
    const byProvider = () => query('SELECT provider, price_source, count(*) AS calls, sum(total_cost)::DOUBLE AS cost FROM llm_calls GROUP BY ALL ORDER BY ALL');
    const before = await byProvider();
    let checkpointed = false;
    const checkpointing: WriteAccess = (task) =>
      access.write(async (con, dict) => {
        const run = con.run.bind(con);
        // The connection is shared with later re-pricings: its own run comes back afterwards.
        con.run = async (sql: string, ...rest: unknown[]) => {
          if (!checkpointed && sql.includes('pricing_reprice_stage:')) {
            checkpointed = true;
            await run('CHECKPOINT');
          }
          return run(sql, ...(rest as [])) as ReturnType<typeof run>;
        };
        try {
          return await task(con, dict);
        } finally {
          Reflect.deleteProperty(con, 'run');
        }
      });
    const openai = { ...range('2025-01-01', '2025-12-31'), provider: 'openai' };
    await expect(new Repricer(pricing, checkpointing).reprice(openai)).rejects.toThrow(
      /re-pricing stopped, nothing changed: \d+ of the 150000 re-priced calls were no longer at the row they were read from/,
    );
    expect(checkpointed).toBe(true);
    expect(await byProvider()).toEqual(before);
    expect(await rollupDrift(db)).toEqual([]);
    // Run again, it re-prices them.
    expect(await new Repricer(pricing, access.write).reprice(openai)).toMatchObject({ callsChanged: 150_000 });
    expect((await byProvider()).map((r) => [r.provider, r.price_source, Number(r.calls)])).toEqual([['acme', 'override', 150_000], ['openai', 'override', 150_000]]);
    expect(await rollupDrift(db)).toEqual([]);
  });

  it("re-prices what the DuckDB exporter stored, through the exporter's exclusive writer", async () => {
    const exporter = createDuckdbExporter({ ...configSchema.parse({}).exporters.duckdb, commit_interval_ms: 1 }, db);
    await exporter.start();
    try {
      const batch = newBatch({ protocol: 'http', tenant: 'default' }, []);
      batch.calls = calls();
      await exporter.consume(batch);
      await pricing.putOverrides([{ provider: 'acme', model: 'acme-7b', input_mtok: 0.5, output_mtok: 1 }], () => '');
      const result = await new Repricer(pricing, (task) => exporter.exclusive(task)).reprice(range('2025-01-01', '2025-12-31'));
      expect(result).toMatchObject({ callsChanged: 4, unpricedAfter: 0 });
      // New names got ids through the exporter's own dictionary: a later commit reuses them.
      const later = newBatch({ protocol: 'http', tenant: 'default' }, []);
      later.calls = [makeCall({ provider: 'acme', requestModel: 'acme-7b', responseModel: 'acme-7b', startUs: us('2025-09-01T10:00:00Z'), ...tokens })];
      pricing.priceCall(later.calls[0]!);
      await exporter.consume(later);
    } finally {
      await exporter.shutdown();
    }
    expect(await rollupDrift(db)).toEqual([]);
    const dupes = await query('SELECT value, count(*) AS n FROM dict GROUP BY value HAVING count(*) > 1');
    expect(dupes).toEqual([]);
  });
});
