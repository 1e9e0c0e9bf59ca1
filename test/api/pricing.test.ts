import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPricingRouter } from '../../src/api/routes/pricing.js';
import { ApiServer } from '../../src/api/server.js';
import { ApiKeyStore } from '../../src/auth/api-keys.js';
import type { ApiKeyConfig } from '../../src/config/schema.js';
import { Catalog } from '../../src/pricing/catalog.js';
import { DuckdbOverrideStore } from '../../src/pricing/override-store.js';
import { Repricer } from '../../src/pricing/repricer.js';
import { PricingService } from '../../src/pricing/service.js';
import { Database } from '../../src/storage/database.js';
import { Reader } from '../../src/storage/reader.js';
import { parseEndpoint } from '../../src/util/net.js';
import { makeCall } from '../support/records.js';
import { tempDir } from '../support/temp-dir.js';
import { ownConnection, rollupDrift, storeCalls } from '../pricing/helpers/stored-calls.js';
import { tokenUsage } from '../../src/pricing/token-usage.js';

const READ_KEY = 'read-key-0123456789';
const ADMIN_KEY = 'admin-key-0123456789';
const OTHER_TENANT_KEY = 'other-tenant-key-0123';

/** The parts of the API's JSON answers the assertions read. */
interface Row {
  [key: string]: unknown;
  id: string;
  model: string;
  source: string;
  prices: Record<string, unknown>;
  price_periods: unknown;
}

interface Body {
  [key: string]: unknown;
  data: Row[];
  pagination: { total: number; limit: number; offset: number; has_more: boolean };
  error: { code: string; message: string };
  steps: string[];
  price_source: string;
}

interface Setup {
  keys?: ApiKeyConfig[];
  configOverrides?: unknown[];
}

describe('pricing API', () => {
  let dir: { dir: string; cleanup: () => void };
  let db: Database;
  let reader: Reader;
  let server: ApiServer;
  let pricing: PricingService;
  let access: ReturnType<typeof ownConnection>;
  let base: string;

  async function start(setup: Setup = {}) {
    db = await Database.open({ path: join(dir.dir, 'tt.duckdb') });
    reader = new Reader(db);
    pricing = await PricingService.create({ catalog: await Catalog.load(), store: new DuckdbOverrideStore(db), configOverrides: setup.configOverrides ?? [] });
    access = ownConnection(db);
    const router = createPricingRouter({ keys: new ApiKeyStore(setup.keys ?? []), reader, pricing, repricer: new Repricer(pricing, access.write), now: () => Date.parse('2025-09-15T12:00:00Z') });
    server = new ApiServer({ endpoint: parseEndpoint('127.0.0.1:0') }, [router]);
    await server.start();
    base = `http://127.0.0.1:${server.boundPort}`;
  }

  async function stop() {
    await server.shutdown();
    access.close();
    reader.close();
    db.close();
  }

  async function call(method: string, path: string, body?: unknown, key?: string) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Body };
  }

  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(async () => {
    await stop();
    dir.cleanup();
  });

  it('lists the effective catalog, filtered by provider (OpenTelemetry names too) and model, paged', async () => {
    await start();
    const res = await call('GET', '/v1/pricing?provider=anthropic&model=sonnet&limit=2&offset=1');
    expect(res.status).toBe(200);
    expect(res.body.pagination).toMatchObject({ limit: 2, offset: 1, has_more: true });
    expect(res.body.data).toHaveLength(2);
    for (const row of res.body.data) {
      expect(row).toMatchObject({ provider: 'anthropic', price_source: 'catalog' });
      expect(row.model).toContain('sonnet');
      expect(row.prices.input_mtok).toBeDefined();
    }
    const google = await call('GET', '/v1/pricing?provider=gcp.gemini&model=gemini-2.5-pro');
    expect(google.body.data[0]).toMatchObject({ provider: 'google', model: 'gemini-2.5-pro', prices: { input_mtok: { base: 1.25, tiers: [{ start: 200000, price: 2.5 }] } } });
    const dated = await call('GET', '/v1/pricing?provider=openai&model=o3&at=2025-05-01');
    expect(dated.body.data.find((r) => r.model === 'o3')!.price_periods).toEqual([null, { type: 'start_date', start_date: '2025-06-10' }]);
    expect((await call('GET', '/v1/pricing?limit=0')).body.error.message).toContain('"limit"');
  });

  it('explains how an id resolves and which price applies at a time', async () => {
    await start();
    const res = await call('GET', '/v1/pricing/lookup?provider=aws.bedrock&model=us.anthropic.claude-3-5-sonnet-20241022-v2:0&at=2025-06-01T10:00:00Z');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      catalog_provider: 'aws',
      catalog_model: 'regional.anthropic.claude-3-5-sonnet-20241022-v2:0',
      price_source: 'catalog',
      query: { at: '2025-06-01T10:00:00.000Z' },
      prices: { input_mtok: 3, output_mtok: 15 },
    });
    expect(res.body.steps[0]).toContain('"aws.bedrock" is the OpenTelemetry name of catalog provider "aws"');
    const unknown = await call('GET', '/v1/pricing/lookup?provider=acme&model=acme-7b');
    expect(unknown.body).toMatchObject({ price_source: 'unpriced', prices: null, catalog_model: null });
    expect((await call('GET', '/v1/pricing/lookup?provider=openai')).body.error.message).toContain('"model"');
    expect((await call('GET', '/v1/pricing/lookup?provider=openai&model=gpt-4o&at=last-week')).body.error.message).toContain('"at"');
  });

  it('refuses bad overrides with a 400 that names the field, and changes nothing', async () => {
    await start();
    const good = { provider: 'acme', model: 'acme-7b', input_mtok: 0.2 };
    const cases: Array<[unknown, string]> = [
      [{ overrides: [good, { ...good, model: 'b', input_mtok: -1 }] }, 'overrides[1].input_mtok: a price cannot be negative'],
      [{ overrides: [{ ...good, input_ktok: 1 }] }, 'overrides[0].input_ktok: unknown unit or field'],
      [{ overrides: [good, { ...good, effective_from: '2025-01-01' }] }, 'overrides[1].effective_from: overlaps overrides[0]'],
      [{ ...good, per_call: -0.01 }, 'per_call: a price cannot be negative'],
      [{ overrides: 'all of them' }, 'overrides: expected an array'],
      [[good], 'body: expected a JSON object'],
    ];
    for (const [body, message] of cases) {
      const res = await call('PUT', '/v1/pricing/overrides', body);
      expect(res.status, message).toBe(400);
      expect(res.body.error.message).toContain(message);
    }
    expect((await call('GET', '/v1/pricing/overrides')).body.data).toEqual([]);
    expect(await reader.rows('SELECT * FROM pricing_overrides')).toEqual([]);
  });

  it('adds, lists, replaces and deletes overrides, persisted in pricing_overrides', async () => {
    await start({ configOverrides: [{ provider: 'tool', model: 'web_search', per_call: 0.01 }] });
    const put = await call('PUT', '/v1/pricing/overrides', { provider: 'acme', model: 'acme-7b', input_mtok: 0.2, output_mtok: 0.4, effective_from: '2025-07-01', note: 'contract 42' });
    expect(put.status).toBe(200);
    const [stored] = put.body.data;
    expect(stored).toMatchObject({ source: 'api', provider: 'acme', model: 'acme-7b', input_mtok: 0.2, effective_from: '2025-07-01T00:00:00.000Z', effective_to: null, note: 'contract 42' });

    const replaced = await call('PUT', '/v1/pricing/overrides', { overrides: [{ provider: 'acme', model: 'acme-7b', input_mtok: 0.3, effective_from: '2025-07-01' }] });
    expect(replaced.body.data[0]!.id).toBe(stored!.id);
    const list = await call('GET', '/v1/pricing/overrides');
    expect(list.body.pagination.total).toBe(2);
    expect(list.body.data.map((o) => o.source).sort()).toEqual(['api', 'config']);
    expect((await call('GET', '/v1/pricing?provider=acme')).body.data).toEqual([expect.objectContaining({ provider: 'acme', model: 'acme-7b', price_source: 'override', prices: { input_mtok: 0.3 } })]);
    expect((await call('GET', '/v1/pricing/lookup?provider=acme&model=acme-7b&at=2025-06-30')).body.price_source).toBe('unpriced');
    expect((await call('GET', '/v1/pricing/lookup?provider=acme&model=acme-7b&at=2025-07-01')).body.price_source).toBe('override');

    // A restart reads them back from the file.
    await stop();
    await start({ configOverrides: [{ provider: 'tool', model: 'web_search', per_call: 0.01 }] });
    expect(pricing.overrides().find((o) => o.source === 'api')).toMatchObject({ id: stored!.id, input_mtok: 0.3 });

    const configId = pricing.overrides().find((o) => o.source === 'config')!.id;
    expect((await call('DELETE', `/v1/pricing/overrides/${configId}`)).status).toBe(409);
    expect((await call('DELETE', '/v1/pricing/overrides/nope')).status).toBe(404);
    expect((await call('DELETE', '/v1/pricing/overrides?provider=ACME&model=acme-7b&effective_from=2025-07-01')).body.data[0]!.id).toBe(stored!.id);
    expect((await call('GET', '/v1/pricing/overrides?provider=acme')).body.data).toEqual([]);
  });

  it('needs the admin scope to change prices and the read scope to see them', async () => {
    await start({
      keys: [
        { key: READ_KEY, tenant: 'default', scopes: ['read'] },
        { key: ADMIN_KEY, tenant: 'default', scopes: ['admin'] },
      ],
    });
    const override = { provider: 'acme', model: 'acme-7b', input_mtok: 1 };
    expect((await call('GET', '/v1/pricing/overrides')).status).toBe(401);
    expect((await call('GET', '/v1/pricing/overrides', undefined, READ_KEY)).status).toBe(200);
    expect((await call('PUT', '/v1/pricing/overrides', override, READ_KEY)).status).toBe(403);
    expect((await call('POST', '/v1/pricing/reprice', { from: '2025-01-01', to: '2025-01-31' }, READ_KEY)).status).toBe(403);
    expect((await call('PUT', '/v1/pricing/overrides', override, ADMIN_KEY)).status).toBe(200);
  });

  it('lists unpriced models per tenant; after an override and a re-price they move into every total', async () => {
    await start({
      keys: [
        { key: ADMIN_KEY, tenant: 'default', scopes: ['admin'] },
        { key: OTHER_TENANT_KEY, tenant: 'other', scopes: ['read'] },
      ],
    });
    const tokens = tokenUsage({ inputTokens: 5_000, outputTokens: 500 });
    const calls = [
      makeCall({ provider: 'acme', requestModel: 'acme-7b', responseModel: 'acme-7b', startUs: Date.parse('2025-09-01T10:00:00Z') * 1000, ...tokens }),
      makeCall({ provider: 'acme', requestModel: 'acme-7b', responseModel: 'acme-7b', startUs: Date.parse('2025-09-02T10:00:00Z') * 1000, ...tokens }),
      makeCall({ provider: 'acme', requestModel: 'acme-embed', responseModel: '', startUs: Date.parse('2025-09-03T10:00:00Z') * 1000, ...tokens }),
      makeCall({ startUs: Date.parse('2025-09-03T11:00:00Z') * 1000, ...tokens }),
    ];
    for (const c of calls) pricing.priceCall(c);
    await storeCalls(db, calls);

    const unpriced = await call('GET', '/v1/unpriced', undefined, ADMIN_KEY);
    expect(unpriced.status).toBe(200);
    expect(unpriced.body.pagination).toMatchObject({ total: 2, has_more: false });
    expect(unpriced.body.data[0]).toEqual({
      provider: 'acme',
      model: 'acme-7b',
      calls: 2,
      input_tokens: 10_000,
      output_tokens: 1_000,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      first_seen: '2025-09-01T10:00:00.000Z',
      last_seen: '2025-09-02T10:00:00.000Z',
    });
    expect((await call('GET', '/v1/unpriced?start_date=2025-09-03&end_date=2025-09-03', undefined, ADMIN_KEY)).body.data.map((r) => r.model)).toEqual(['acme-embed']);
    expect((await call('GET', '/v1/unpriced?offset=5', undefined, ADMIN_KEY)).body.pagination).toMatchObject({ total: 2, has_more: false });
    expect((await call('GET', '/v1/unpriced', undefined, OTHER_TENANT_KEY)).body.data).toEqual([]);

    expect((await call('PUT', '/v1/pricing/overrides', { provider: 'acme', model: 'acme-7b', input_mtok: 1, output_mtok: 2 }, ADMIN_KEY)).status).toBe(200);
    const badRange = await call('POST', '/v1/pricing/reprice', { from: 'September', to: '2025-09-30' }, ADMIN_KEY);
    expect(badRange.status).toBe(400);
    expect(badRange.body.error.message).toContain('from:');
    const repriced = await call('POST', '/v1/pricing/reprice', { from: '2025-09-01', to: '2025-09-30', provider: 'acme' }, ADMIN_KEY);
    expect(repriced.status).toBe(200);
    expect(repriced.body).toEqual({
      from: '2025-09-01T00:00:00.000Z',
      to: '2025-10-01T00:00:00.000Z',
      calls_scanned: 3,
      calls_changed: 2,
      cost_before_usd: 0,
      cost_after_usd: 0.012,
      delta_usd: 0.012,
      unpriced_before: 3,
      unpriced_after: 1,
      activities_scanned: 0,
      activities_changed: 0,
      activity_cost_before_usd: 0,
      activity_cost_after_usd: 0,
      activity_delta_usd: 0,
    });
    expect((await call('GET', '/v1/unpriced', undefined, ADMIN_KEY)).body.data.map((r) => r.model)).toEqual(['acme-embed']);
    const daily = await reader.rows("SELECT sum(total_cost) AS cost, sum(unpriced_calls) AS unpriced FROM daily_usage WHERE provider = 'acme'");
    expect(daily[0]).toEqual({ cost: 0.012, unpriced: 1 });
    expect(await rollupDrift(db)).toEqual([]);
  });

  it('answers 409 with the reason when re-pricing stops, and changes nothing', async () => {
    await start({ keys: [{ key: ADMIN_KEY, tenant: 'default', scopes: ['admin'] }] });
    const call1 = makeCall({ provider: 'acme', requestModel: 'acme-7b', responseModel: 'acme-7b', startUs: Date.parse('2025-09-01T10:00:00Z') * 1000, ...tokenUsage({ inputTokens: 1_000 }) });
    pricing.priceCall(call1);
    await storeCalls(db, [call1]);
    const con = await db.connect();
    await con.run("DELETE FROM hourly_usage WHERE provider = 'acme'");
    con.closeSync();
    expect((await call('PUT', '/v1/pricing/overrides', { provider: 'acme', model: 'acme-7b', input_mtok: 1 }, ADMIN_KEY)).status).toBe(200);
    const stopped = await call('POST', '/v1/pricing/reprice', { from: '2025-09-01', to: '2025-09-30' }, ADMIN_KEY);
    expect(stopped.status).toBe(409);
    expect(stopped.body.error).toEqual({
      code: 'reprice_stopped',
      message: 're-pricing stopped, nothing changed: hourly_usage has 1 of the 1 rows the re-priced calls belong to missing',
    });
    expect(await reader.rows("SELECT price_source FROM llm_calls WHERE provider = 'acme'")).toEqual([{ price_source: 'unpriced' }]);
  });
});
