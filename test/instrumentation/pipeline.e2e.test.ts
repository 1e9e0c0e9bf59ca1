import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startModelServer, type ModelServer } from '../../instrumentation/testing/model-server.js';
import { REASONING_TOKENS } from '../../instrumentation/testing/tokens.js';
import { runAgent, type AgentRun } from './helpers/agent-process.js';
import { allowEverything, startBudgetCheckServer, type BudgetCheckServer } from './helpers/budget-check-server.js';
import { assertInstrumentationBuilt } from './helpers/build.js';
import { expectedTokens, recordedTokens, rowFor } from './helpers/expected-usage.js';
import { modelCallRows, type ModelCallRow } from './helpers/model-calls.js';
import { startOtlpJsonCollector, type OtlpJsonCollector } from './helpers/otlp-json-collector.js';
import { pipelineEnv, PIPELINE_SCRIPT } from './helpers/pipeline-env.js';

/**
 * The example pipeline, run as a user would (`node --import tokentally/register`), against the
 * local model server, with a stand-in collector (OTLP/HTTP JSON) and budget check.
 */
describe('example pipeline under --import tokentally/register', () => {
  const runId = 'run-e2e-pipeline';
  const sessionId = 'session-e2e-pipeline';
  let models: ModelServer;
  let collector: OtlpJsonCollector;
  let budget: BudgetCheckServer;
  let run: AgentRun;
  let rows: ModelCallRow[];

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
        TOKENTALLY_API_KEY: 'tt-test-key',
        // Ask before every call, so each call's check and reservation can be matched.
        TOKENTALLY_BUDGET_CACHE_MS: '0',
        PIPELINE_RUN_ID: runId,
        PIPELINE_SESSION_ID: sessionId,
      }),
    });
    rows = modelCallRows(collector.spans);
  });

  afterAll(async () => {
    await Promise.all([models?.close(), collector?.close(), budget?.close()]);
  });

  it('runs to completion with no warning', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`run ${runId}`);
  });

  it('records one model-call span per request the model server received, attributed to run, agent, task and session', () => {
    expect(rows).toHaveLength(models.requests.length);
    const calls = rows
      .map((row) => `${row.agent}/${row.task_type} ${row.provider} ${row.response_model}`)
      .sort();
    expect(calls).toEqual([
      'planner/plan openai gpt-4o-mini',
      'researcher/research anthropic claude-haiku-4-5',
      'researcher/research anthropic claude-haiku-4-5',
      'researcher/summarize anthropic claude-sonnet-4-6',
      'writer/draft openai gpt-4o-mini',
      'writer/review openai o4-mini',
      'writer/review openai o4-mini',
    ]);
    for (const row of rows) {
      expect(row).toMatchObject({ run_id: runId, session_id: sessionId, status: 'ok' });
      expect(row.request_hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('records the usage the model server answered with, streamed or not, cached and reasoning tokens included', () => {
    for (const request of models.requests) {
      const row = rowFor(rows, request);
      expect(row, `span for a request to ${request.path}`).toBeDefined();
      expect(recordedTokens(row!)).toEqual(expectedTokens(request));
    }
    const streamed = models.requests.filter((request) => (request.body as { stream?: boolean }).stream === true);
    expect(streamed.map((request) => request.path).sort()).toEqual(['/v1/chat/completions', '/v1/messages', '/v1/responses']);
  });

  it('sees provider prompt caching and reasoning in both SDKs', () => {
    const byTask = (agent: string, task: string) => rows.filter((row) => row.agent === agent && row.task_type === task);
    // OpenAI: the writer reuses the planner's system prompt; the second review reuses the instructions.
    expect(byTask('planner', 'plan')[0]!.cache_read_tokens).toBe(0);
    expect(byTask('writer', 'draft')[0]!.cache_read_tokens).toBeGreaterThan(0);
    expect(byTask('writer', 'review').map((row) => row.cache_read_tokens! > 0).sort()).toEqual([false, true]);
    expect(byTask('writer', 'review').every((row) => row.reasoning_tokens === REASONING_TOKENS)).toBe(true);
    // Anthropic: one research call writes the system prompt to the cache, the other reads it.
    const research = byTask('researcher', 'research');
    expect(research.map((row) => row.cache_write_tokens! > 0).sort()).toEqual([false, true]);
    expect(research.map((row) => row.cache_read_tokens! > 0).sort()).toEqual([false, true]);
    expect(byTask('researcher', 'summarize')[0]!.reasoning_tokens).toBe(REASONING_TOKENS);
  });

  it('asks the budget check before every model call and puts its reservation id on the call span', () => {
    expect(budget.checks).toHaveLength(rows.length);
    for (const [index, check] of budget.checks.entries()) {
      expect(check.authorization).toBe('Bearer tt-test-key');
      expect(Number(check.params.estimated_cost)).toBeGreaterThan(0);
      const row = rows.find((candidate) => candidate.reservation_id === `res-${index + 1}`);
      expect(row, `span reserved by check ${index + 1}`).toBeDefined();
      expect(check.params).toMatchObject({
        agent: row!.agent,
        run_id: runId,
        task_type: row!.task_type,
        model: row!.request_model,
      });
    }
  });

  it('records non-model costs as tokentally.cost spans with the same attribution', () => {
    const costs = collector.spans.filter((span) => span.name === 'tokentally.cost');
    expect(costs).toHaveLength(2);
    for (const cost of costs) {
      expect(cost.attributes).toMatchObject({
        'tokentally.cost.usd': 0.0025,
        'tokentally.category': 'tool',
        'tokentally.cost.name': 'search.query',
        'tokentally.run_id': runId,
        'gen_ai.agent.name': 'researcher',
        'tokentally.task_type': 'research',
        'session.id': sessionId,
      });
    }
  });

  it('names the service, and exports no prompt or completion text', () => {
    expect(collector.spans.every((span) => span.resource['service.name'] === 'research-pipeline')).toBe(true);
    const exported = JSON.stringify(collector.spans);
    expect(exported).not.toContain('You write for engineers');
    expect(exported).not.toContain('careful researcher');
  });
});
