import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startModelServer, type ModelServer } from '../../instrumentation/testing/model-server.js';
import { closedPort, runAgent } from './helpers/agent-process.js';
import { startBudgetCheckServer, type BudgetCheckServer } from './helpers/budget-check-server.js';
import { assertInstrumentationBuilt } from './helpers/build.js';
import { modelCallRows } from './helpers/model-calls.js';
import { startOtlpJsonCollector, type OtlpJsonCollector } from './helpers/otlp-json-collector.js';
import { pipelineEnv, PIPELINE_SCRIPT } from './helpers/pipeline-env.js';

describe('budget guard in the example pipeline', () => {
  let models: ModelServer;
  let collector: OtlpJsonCollector;
  let budget: BudgetCheckServer | undefined;

  beforeEach(async () => {
    assertInstrumentationBuilt();
    [models, collector] = await Promise.all([startModelServer(), startOtlpJsonCollector()]);
  });

  afterEach(async () => {
    await Promise.all([models.close(), collector.close(), budget?.close()]);
    budget = undefined;
  });

  it('throws BudgetExceededError once a hard budget is exhausted, before the request reaches the model server', async () => {
    // The planner's call is allowed and uses up the run's budget; every later check is refused.
    budget = await startBudgetCheckServer((_check, index) =>
      index === 0
        ? { status: 200, body: { allowed: true, remaining_usd: 0, reservation_id: 'res-plan' } }
        : {
            status: 402,
            body: { allowed: false, budget: 'pipeline-run', limit_usd: 0.01, spent_usd: 0.01, resets_at: null },
          },
    );
    const run = await runAgent({
      script: PIPELINE_SCRIPT,
      env: pipelineEnv(models, collector.endpoint, budget.url, { PIPELINE_RUN_ID: 'run-over-budget' }),
    });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('run run-over-budget stopped by its budget: BudgetExceededError');
    expect(run.stderr).toContain('budget "pipeline-run" is exhausted ($0.01 of $0.01 spent)');
    expect(models.requests.map((request) => request.path)).toEqual(['/v1/chat/completions']);
    expect(budget.checks[1]?.params).toMatchObject({ agent: 'researcher', task_type: 'research', run_id: 'run-over-budget' });

    const rows = modelCallRows(collector.spans);
    expect(rows.find((row) => row.agent === 'planner')).toMatchObject({ status: 'ok', reservation_id: 'res-plan' });
    const blocked = collector.spans.filter((span) => span.attributes['gen_ai.agent.name'] === 'researcher' && span.name !== 'tokentally.cost');
    expect(blocked.length).toBeGreaterThan(0);
    for (const span of blocked) {
      expect(span.statusCode).toBe(2);
      expect(span.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
      expect(span.events).toContainEqual(
        expect.objectContaining({ name: 'exception', attributes: expect.objectContaining({ 'exception.type': 'BudgetExceededError' }) }),
      );
    }
  });

  it('fails closed when asked to and the collector cannot answer: no model call is made', async () => {
    const down = `http://127.0.0.1:${await closedPort()}`;
    const run = await runAgent({
      script: PIPELINE_SCRIPT,
      env: pipelineEnv(models, collector.endpoint, down, { TOKENTALLY_BUDGET_FAIL: 'closed' }),
    });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('BudgetUnavailableError');
    expect(models.requests).toHaveLength(0);
  });
});
