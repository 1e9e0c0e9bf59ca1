import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startModelServer, type ModelServer } from '../../instrumentation/testing/model-server.js';
import { closedPort, runAgent } from './helpers/agent-process.js';
import { assertInstrumentationBuilt } from './helpers/build.js';
import { pipelineEnv, PIPELINE_SCRIPT } from './helpers/pipeline-env.js';

/**
 * tokentally (collector and budget check) is down: the agent must not notice beyond one warning.
 * Time is measured from the agent's last output to its exit, what telemetry adds: bounded by the
 * exit flush (2 s) and generous for a loaded machine, far below the 10 s of the OTLP defaults.
 */
describe('with tokentally down', () => {
  let models: ModelServer;
  let down: string;

  beforeAll(async () => {
    assertInstrumentationBuilt();
    models = await startModelServer();
    down = `http://127.0.0.1:${await closedPort()}`;
  });

  afterAll(async () => {
    await models.close();
  });

  it.each(['http/protobuf', 'http/json', 'grpc'])('the pipeline completes, exporting over %s', async (protocol) => {
    const run = await runAgent({
      script: PIPELINE_SCRIPT,
      env: pipelineEnv(models, down, down, { OTEL_EXPORTER_OTLP_PROTOCOL: protocol }),
    });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('(o4-mini)');
    // The one line the agent's user sees: the guard lets calls through unchecked.
    expect(run.stderr.trim().split('\n')[0]).toContain('[TOKENTALLY_BUDGET_UNAVAILABLE]');
    expect(run.stderr).not.toMatch(/Error|at .*\.js/);
    expect(run.exitDelayMs).toBeLessThan(5_000);
  });

  it('keeps memory bounded over thousands of model calls', { timeout: 120_000 }, async () => {
    const run = await runAgent({
      script: 'test/instrumentation/fixtures/many-calls.mjs',
      args: ['1000', '5000'],
      nodeOptions: ['--expose-gc'],
      env: {
        OPENAI_BASE_URL: models.openaiBaseUrl,
        OPENAI_API_KEY: 'test',
        OTEL_EXPORTER_OTLP_ENDPOINT: down,
        TOKENTALLY_URL: down,
        // The span queue is bounded by design (2,048 spans, about 3.5 MB, by default); a small
        // one keeps it from hiding any other growth in the comparison below.
        OTEL_BSP_MAX_QUEUE_SIZE: '100',
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '50',
      },
      timeoutMs: 110_000,
    });
    expect(run.code).toBe(0);
    const heap = JSON.parse(run.stdout) as Record<string, number>;
    // Measured over these 4,000 calls: the agent without tokentally grows about 1.5 MB (the SDK
    // warming up); with tokentally keeping every span (an unbounded queue), about 6 MB.
    expect(heap['5000']! - heap['1000']!).toBeLessThan(3.5 * 1024 * 1024);
  });
});
