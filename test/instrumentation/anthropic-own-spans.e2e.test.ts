import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startModelServer, type ModelServer } from '../../instrumentation/testing/model-server.js';
import { runAgent, type AgentRun } from './helpers/agent-process.js';
import { allowEverything, startBudgetCheckServer, type BudgetCheckServer } from './helpers/budget-check-server.js';
import { assertInstrumentationBuilt } from './helpers/build.js';
import { expectedTokens, recordedTokens, rowFor } from './helpers/expected-usage.js';
import { modelCallRows, type ModelCallRow } from './helpers/model-calls.js';
import { startOtlpJsonCollector, type OtlpJsonCollector } from './helpers/otlp-json-collector.js';
import { pipelineEnv, PIPELINE_SCRIPT } from './helpers/pipeline-env.js';

/**
 * An Anthropic client that does not trace itself (@anthropic-ai/sdk before 0.134, or tracing
 * turned off, as here) gets tokentally's own messages.create span, with the same attributes.
 */
describe('Anthropic calls without the SDK’s own tracing', () => {
  let models: ModelServer;
  let collector: OtlpJsonCollector;
  let budget: BudgetCheckServer;
  let run: AgentRun;
  let anthropicRows: ModelCallRow[];

  beforeAll(async () => {
    assertInstrumentationBuilt();
    [models, collector, budget] = await Promise.all([
      startModelServer(),
      startOtlpJsonCollector(),
      startBudgetCheckServer(allowEverything),
    ]);
    run = await runAgent({
      script: PIPELINE_SCRIPT,
      env: pipelineEnv(models, collector.endpoint, budget.url, {
        ANTHROPIC_OPEN_TELEMETRY: 'false',
        TOKENTALLY_BUDGET_CACHE_MS: '0',
        PIPELINE_RUN_ID: 'run-own-spans',
      }),
    });
    anthropicRows = modelCallRows(collector.spans).filter((row) => row.provider === 'anthropic');
  });

  afterAll(async () => {
    await Promise.all([models?.close(), collector?.close(), budget?.close()]);
  });

  it('emits exactly one model-call span per Anthropic request, from tokentally', () => {
    expect(run.code).toBe(0);
    const anthropicRequests = models.requests.filter((request) => request.path === '/v1/messages');
    expect(anthropicRows).toHaveLength(anthropicRequests.length);
    expect(new Set(anthropicRows.map((row) => row.scope))).toEqual(new Set(['tokentally-instrumentation-anthropic']));
  });

  it('records usage (cache reads and writes, thinking), streamed or not, and the call’s attribution', () => {
    for (const request of models.requests.filter((candidate) => candidate.path === '/v1/messages')) {
      const row = rowFor(anthropicRows, request);
      expect(row, 'span for an Anthropic request').toBeDefined();
      expect(recordedTokens(row!)).toEqual(expectedTokens(request));
      expect(row).toMatchObject({ run_id: 'run-own-spans', agent: 'researcher', status: 'ok' });
      expect(row!.reservation_id).toMatch(/^res-\d+$/);
    }
    const summarize = collector.spans.find((span) => span.attributes['tokentally.task_type'] === 'summarize');
    expect(summarize?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude-sonnet-4-6',
      'gen_ai.response.model': 'claude-sonnet-4-6',
      'gen_ai.request.stream': true,
      'gen_ai.response.finish_reasons': ['end_turn'],
      'server.address': '127.0.0.1',
    });
    expect(summarize?.attributes['gen_ai.response.id']).toMatch(/^msg_/);
  });
});
