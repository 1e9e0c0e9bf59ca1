import { describe, expect, it } from 'vitest';
import { createDefaultConfig as genaiDefaults } from '../../../src/processors/genai/config.js';
import { createGenaiProcessor } from '../../../src/processors/genai/factory.js';
import { createDefaultConfig } from '../../../src/processors/cost/config.js';
import { createCostProcessor } from '../../../src/processors/cost/factory.js';
import { makeActivity, makeCall } from '../../support/records.js';
import { batchOf, chatSpan, collectingSink, costSpan, toolSpan } from '../../support/spans.js';
import { pricingService, reference } from '../../pricing/helpers/usage.js';
import { tokenUsage } from '../../../src/pricing/token-usage.js';

describe('cost processor', () => {
  it('prices every call and tool call of a batch in place', async () => {
    const pricing = await pricingService([{ provider: 'tool', model: 'web_search', per_call: 0.01 }]);
    const sink = collectingSink();
    const processor = createCostProcessor(createDefaultConfig(), sink, pricing);
    const batch = batchOf([]);
    const catalog = makeCall({ ...tokenUsage({ inputTokens: 2_000, outputTokens: 100 }) });
    const explicit = makeCall({ explicitCostNanos: 50_000_000 });
    const unpriced = makeCall({ provider: 'acme', requestModel: 'acme-7b', responseModel: 'acme-7b' });
    const tool = makeActivity({ name: 'web_search' });
    batch.calls = [catalog, explicit, unpriced];
    batch.activities = [tool];
    await processor.consume(batch);

    const expected = reference(tokenUsage({ inputTokens: 2_000, outputTokens: 100 }), 'gpt-4o', 'openai', new Date(catalog.startUs / 1000))!;
    expect(catalog).toMatchObject({ priceSource: 'catalog', pricedModel: 'gpt-4o' });
    expect(catalog.cost!.totalCost).toBe(expected.total);
    expect(explicit).toMatchObject({ priceSource: 'explicit', cost: { totalCost: 50_000_000, otherCost: 50_000_000 } });
    expect(unpriced).toMatchObject({ priceSource: 'unpriced', cost: null, pricedModel: null });
    expect(tool.costNanos).toBe(10_000_000);
    expect(sink.calls()).toEqual([catalog, explicit, unpriced]);
  });

  it('prices what the genai processor makes of real gen_ai spans', async () => {
    const pricing = await pricingService([{ provider: 'tool', model: 'fetch_page', per_call: 0.002 }]);
    const sink = collectingSink();
    const pipeline = createGenaiProcessor(genaiDefaults(), createCostProcessor(createDefaultConfig(), sink, pricing));
    const call = chatSpan({ provider: 'anthropic', model: 'claude-3-5-sonnet-20241022', usage: { input: 12_000, output: 800, cacheRead: 8_000, cacheWrite: 2_000 } });
    await pipeline.consume(batchOf([call, toolSpan('fetch_page'), costSpan(0.25, 'scraping')]));

    const [record] = sink.calls();
    expect(record).toMatchObject({ priceSource: 'catalog', pricedModel: 'claude-3-5-sonnet' });
    const u = tokenUsage({ inputTokens: record!.inputTokens, cacheReadTokens: record!.cacheReadTokens, cacheWriteTokens: record!.cacheWriteTokens, outputTokens: record!.outputTokens });
    expect(record!.cost!.totalCost).toBe(reference(u, 'claude-3-5-sonnet-20241022', 'anthropic', new Date(call.startUs / 1000))!.total);
    const costs = Object.fromEntries(sink.activities().map((a) => [a.name, a.costNanos]));
    expect(costs.fetch_page).toBe(2_000_000);
  });
});
