import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { Catalog } from '../../src/pricing/catalog.js';
import { MemoryOverrideStore } from '../../src/pricing/override-store.js';
import { PricingService } from '../../src/pricing/service.js';
import { RecommendationEngine } from '../../src/recommendations/engine.js';
import { Database } from '../../src/storage/database.js';
import { Reader } from '../../src/storage/reader.js';
import { NOW_MS } from './support/history.js';

describe('the recommendation engine', () => {
  let db: Database;
  let reader: Reader;
  let pricing: PricingService;
  const engine = (cacheSeconds: number, r = reader) =>
    new RecommendationEngine({ reader: r, pricing, config: configSchema.parse({ recommendations: { cache_seconds: cacheSeconds } }).recommendations, clock: () => NOW_MS });

  beforeAll(async () => {
    db = await Database.open({ path: ':memory:' });
    reader = new Reader(db);
    pricing = await PricingService.create({ catalog: await Catalog.load(), store: new MemoryOverrideStore(), configOverrides: [] });
  });
  afterAll(() => {
    reader.close();
    db.close();
  });

  it('analyses an empty store to nothing, over the lookback window ending now', async () => {
    const analysis = await engine(0).analyse('t');
    expect(analysis).toMatchObject({ generatedMs: NOW_MS, spendNanos: 0, recommendations: [], skipped: [] });
    expect(analysis.lookback).toEqual({ startMs: NOW_MS - 30 * 86_400_000, endMs: NOW_MS, days: 30 });
  });

  it('reuses an analysis for cache_seconds, per tenant', async () => {
    const cached = engine(60);
    expect(cached.analyse('t')).toBe(cached.analyse('t'));
    expect(cached.analyse('t')).not.toBe(cached.analyse('u'));
    const fresh = engine(0);
    expect(fresh.analyse('t')).not.toBe(fresh.analyse('t'));
  });

  it('answers a budget alert with no recommendations when the store fails, and logs why', async () => {
    const brokenDb = await Database.open({ path: ':memory:' });
    const broken = new Reader(brokenDb);
    await broken.withConnection(async (con) => {
      await con.run('DROP VIEW llm_calls');
      await con.run('DROP TABLE llm_calls_raw');
    });
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    await expect(engine(60, broken).topRecommendationsFor({ tenant: 't' })).resolves.toEqual([]);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('cannot compute recommendations'), expect.any(Error));
    await expect(engine(60, broken).analyse('t')).rejects.toThrow(/llm_calls_raw/);
    log.mockRestore();
    broken.close();
    brokenDb.close();
  });
});
