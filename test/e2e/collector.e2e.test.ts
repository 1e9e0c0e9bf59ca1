import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calcPrice } from '@pydantic/genai-prices';
import { queryFile, startTestServer, type TestServer } from '../support/server.js';
import { emitSpans } from './fixtures/emit.js';

interface CallSpec {
  model: string;
  provider: string;
  input: number;
  output: number;
  cacheRead: number;
}

const CALLS: CallSpec[] = [
  { model: 'gpt-4o-2024-08-06', provider: 'openai', input: 1200, output: 300, cacheRead: 200 },
  { model: 'claude-sonnet-4-5-20250929', provider: 'anthropic', input: 5000, output: 800, cacheRead: 4000 },
  { model: 'gemini-2.5-flash', provider: 'gcp.gemini', input: 900, output: 90, cacheRead: 0 },
  { model: 'totally-unknown-model-x', provider: 'openai', input: 10, output: 5, cacheRead: 0 },
];

const START = Date.parse('2026-11-20T09:00:00Z');

function spansFor(protocol: string) {
  return CALLS.map((c, i) => ({
    name: `chat ${c.model}`,
    startMs: START + i * 60_000,
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': c.provider,
      'gen_ai.request.model': c.model,
      'gen_ai.usage.input_tokens': c.input,
      'gen_ai.usage.output_tokens': c.output,
      'gen_ai.usage.cache_read.input_tokens': c.cacheRead,
      'gen_ai.agent.name': 'researcher',
      'tokentally.run_id': `run-${protocol}`,
      'gen_ai.response.id': `resp_${protocol}_${i}`,
      ...UNMAPPED,
    },
  }));
}

/**
 * Attributes no column takes: kept as the row's attributes JSON, text and all. The same on every
 * call, as a fleet's are: from the second call of a request on, the processing thread hands the
 * JSON over through its string table (record-codec.ts).
 */
const UNMAPPED = {
  'gen_ai.response.finish_reasons': ['stop', 'length'],
  'gen_ai.request.temperature': 0.2,
  'app.note': 'café "déjà vu" ✓\n\\ 日本語',
};

/** The catalog's price for a call, to the nano-dollar: the reference the stored cost must equal. */
function expectedCost(c: CallSpec): number | null {
  const providerId = c.provider === 'gcp.gemini' ? 'google' : c.provider;
  const price = calcPrice({ input_tokens: c.input, output_tokens: c.output, cache_read_tokens: c.cacheRead }, c.model, { providerId, timestamp: new Date(START) });
  return price ? Math.round(price.total_price * 1e9) / 1e9 : null;
}

// Decoding and the processors run on a thread of their own by default; the main-thread pipeline
// must store exactly the same.
describe.each([
  ['on the processing thread', true],
  ['all on the main thread', false],
])('collector end to end (%s): real SDK exporters -> OTLP receivers -> DuckDB', (_, processingThread) => {
  let server: TestServer;
  let rows: Record<string, unknown>[];

  beforeAll(async () => {
    const traces = { receivers: ['otlp'], processors: ['genai', 'cost', 'runs'], exporters: ['duckdb'], processing_thread: processingThread };
    server = await startTestServer({ config: { service: { pipelines: { traces } } } });
    await emitSpans('grpc', `http://${server.otlpGrpcAddress}`, spansFor('grpc'));
    await emitSpans('http-proto', server.otlpHttpUrl, spansFor('http-proto'));
    await emitSpans('http-json', server.otlpHttpUrl, spansFor('http-json'));
    await server.stop({ keep: true });
    rows = await queryFile(server.dbPath, 'SELECT * FROM llm_calls ORDER BY run_id, start_time');
  });
  afterAll(() => server.stop());

  it('stores every call sent by each of the three exporters', () => {
    expect(rows.map((r) => r.run_id)).toEqual([...Array(4).fill('run-grpc'), ...Array(4).fill('run-http-json'), ...Array(4).fill('run-http-proto')]);
  });

  it.each(['grpc', 'http-proto', 'http-json'])('%s: tokens, attribution and catalog cost of every call', (protocol) => {
    const mine = rows.filter((r) => r.run_id === `run-${protocol}`);
    CALLS.forEach((c, i) => {
      const row = mine[i]!;
      expect(row).toMatchObject({
        request_model: c.model,
        input_tokens: BigInt(c.input),
        output_tokens: BigInt(c.output),
        cache_read_tokens: BigInt(c.cacheRead),
        agent: 'researcher',
        service_name: 'e2e-agent',
        operation: 'chat',
        tenant: 'default',
      });
      expect((row.start_time as Date).getTime()).toBe(START + i * 60_000);
      expect(JSON.parse(String(row.attributes))).toEqual(UNMAPPED);
      expect(row.response_id).toBe(`resp_${protocol}_${i}`);
      const cost = expectedCost(c);
      if (cost === null) {
        expect(row).toMatchObject({ price_source: 'unpriced', total_cost: null });
      } else {
        expect(row.price_source).toBe('catalog');
        expect(row.total_cost).toBe(cost);
      }
    });
  });

  it('keeps the daily roll-up equal to the stored calls', async () => {
    const [sums] = await queryFile(server.dbPath, `
      SELECT (SELECT sum(total_cost) FROM llm_calls) AS calls_cost, (SELECT sum(total_cost) FROM daily_usage) AS rollup_cost,
             (SELECT count(*) FROM llm_calls) AS calls, (SELECT sum(calls) FROM daily_usage) AS rollup_calls,
             (SELECT sum(unpriced_calls) FROM daily_usage) AS unpriced`);
    expect(sums!.rollup_cost).toBe(sums!.calls_cost);
    expect(sums!.rollup_calls).toBe(12n);
    expect(sums!.unpriced).toBe(3n);
  });
});
