import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startModelServer, type ModelServer } from '../../instrumentation/testing/model-server.js';
import { runAgent } from './helpers/agent-process.js';
import { assertInstrumentationBuilt } from './helpers/build.js';
import { startOtlpJsonCollector, type OtlpJsonCollector } from './helpers/otlp-json-collector.js';

describe('flush on exit', () => {
  let models: ModelServer;
  let collector: OtlpJsonCollector;

  beforeAll(async () => {
    assertInstrumentationBuilt();
    [models, collector] = await Promise.all([startModelServer(), startOtlpJsonCollector()]);
  });

  afterAll(async () => {
    await Promise.all([models.close(), collector.close()]);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('exports queued spans on %s, then exits by that signal', async (signal) => {
    const before = collector.spans.length;
    const run = await runAgent({
      script: 'test/instrumentation/fixtures/long-running.mjs',
      signalWhenReady: signal,
      env: {
        OPENAI_BASE_URL: models.openaiBaseUrl,
        OPENAI_API_KEY: 'test',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
        TOKENTALLY_BUDGET_GUARD: 'off',
      },
    });
    expect(run.signal).toBe(signal);
    expect(collector.spans.slice(before).map((span) => span.attributes['tokentally.run_id'])).toEqual(['long-run']);
  });
});
