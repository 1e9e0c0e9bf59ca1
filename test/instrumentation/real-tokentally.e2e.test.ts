import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRequest } from '../../instrumentation/model-calls/request-hash.js';
import { startModelServer, type ModelServer } from '../../instrumentation/testing/model-server.js';
import { queryFile, startTestServer, type TestServer } from '../support/server.js';
import { runAgent, type AgentRun } from './helpers/agent-process.js';
import { assertInstrumentationBuilt } from './helpers/build.js';
import { expectedTokens, type Tokens } from './helpers/expected-usage.js';
import { pipelineEnv, PIPELINE_SCRIPT } from './helpers/pipeline-env.js';

/**
 * The "done when": the example agent process under `node --import tokentally/register`,
 * against the model test server and the real tokentally (OTLP/HTTP protobuf in, DuckDB out, the
 * real budget check), read back from DuckDB. Each scenario has its own tokentally: its file can
 * be read only once the server has stopped.
 */
type Row = Record<string, unknown>;

interface Scenario {
  models: ModelServer;
  server: TestServer;
  run: AgentRun;
}

async function runScenario(runId: string, prepare: (server: TestServer) => Promise<void> = async () => {}): Promise<Scenario> {
  assertInstrumentationBuilt();
  const [models, server] = await Promise.all([startModelServer(), startTestServer()]);
  await prepare(server);
  const run = await runAgent({
    script: PIPELINE_SCRIPT,
    env: pipelineEnv(models, server.otlpHttpUrl.replace(/\/v1\/traces$/, ''), server.apiUrl, {
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      PIPELINE_RUN_ID: runId,
      PIPELINE_SESSION_ID: `session-of-${runId}`,
    }),
  });
  // The collector answers an export only once its spans are committed, and the agent exits only
  // after its export was answered: what the agent sent is in DuckDB now.
  await server.stop({ keep: true });
  return { models, server, run };
}

async function endScenario(scenario: Scenario | undefined): Promise<void> {
  await Promise.all([scenario?.models.close(), scenario?.server.stop()]);
}

describe('the example pipeline into the real tokentally', () => {
  const runId = 'run-real-pipeline';
  let scenario: Scenario;
  let calls: Row[];
  let costs: Row[];
  let runs: Row[];

  beforeAll(async () => {
    scenario = await runScenario(runId);
    const db = scenario.server.dbPath;
    calls = await queryFile(
      db,
      `SELECT agent, task_type, session_id, provider, response_model, operation, input_tokens, output_tokens,
              cache_read_tokens, cache_write_tokens, reasoning_tokens, total_cost, price_source, status, request_hash
       FROM llm_calls WHERE run_id = '${runId}'`,
    );
    costs = await queryFile(db, `SELECT * FROM activity WHERE run_id = '${runId}' AND event_type = 'cost'`);
    runs = await queryFile(db, `SELECT calls, unpriced_calls, tool_cost FROM runs WHERE run_id = '${runId}'`);
  });

  afterAll(() => endScenario(scenario));

  it('runs to completion', () => {
    expect(scenario.run.stderr).toBe('');
    expect(scenario.run.code).toBe(0);
  });

  it('stores one priced row per model request, with the run, agent, task and session', () => {
    expect(calls).toHaveLength(scenario.models.requests.length);
    expect(calls.map((row) => `${row.agent}/${row.task_type} ${row.provider} ${row.response_model}`).sort()).toEqual([
      'planner/plan openai gpt-4o-mini',
      'researcher/research anthropic claude-haiku-4-5',
      'researcher/research anthropic claude-haiku-4-5',
      'researcher/summarize anthropic claude-sonnet-4-6',
      'writer/draft openai gpt-4o-mini',
      'writer/review openai o4-mini',
      'writer/review openai o4-mini',
    ]);
    for (const row of calls) {
      expect(row).toMatchObject({ session_id: `session-of-${runId}`, operation: 'chat', price_source: 'catalog' });
      expect(row.status).not.toBe('error');
      expect(Number(row.total_cost)).toBeGreaterThan(0);
    }
  });

  it('stores the tokens each response reported, streamed or not, cached and reasoning included', () => {
    for (const request of scenario.models.requests) {
      // llm_calls keeps the first 64 bits of tokentally.request_hash.
      const hash = describeRequest(request.body as Row).hash.slice(0, 16);
      const row = calls.find((candidate) => candidate.request_hash === hash);
      expect(row, `row for a request to ${request.path}`).toBeDefined();
      expect(storedTokens(row!)).toEqual(zeroFilled(expectedTokens(request)));
    }
    const providersWith = (column: string) =>
      calls.filter((row) => Number(row[column]) > 0).map((row) => row.provider).sort();
    expect(providersWith('cache_read_tokens')).toEqual(['anthropic', 'openai', 'openai']);
    expect(providersWith('cache_write_tokens')).toEqual(['anthropic', 'anthropic']);
    expect(providersWith('reasoning_tokens')).toEqual(['anthropic', 'openai', 'openai']);
  });

  it('stores recordCost as cost activity of the right agent and task, and rolls the run up', () => {
    expect(costs).toHaveLength(2);
    for (const row of costs) {
      expect(row).toMatchObject({ agent: 'researcher', task_type: 'research', name: 'search.query', cost: 0.0025 });
    }
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ unpriced_calls: 0n, tool_cost: 0.005 });
    expect(Number(runs[0]!.calls)).toBe(scenario.models.requests.length);
  });
});

describe('a hard per-run budget in the real tokentally', () => {
  const runId = 'run-real-capped';
  let scenario: Scenario;

  beforeAll(async () => {
    // Room for the planner's estimated cost, not for a researcher call's as well: the second
    // check is refused on the first call's reservation, before any span is committed.
    scenario = await runScenario(runId, async (server) => {
      const response = await fetch(`${server.apiUrl}/v1/budgets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'run-cap', scope: 'run', target: runId, period: 'per_run', limit_usd: 0.0001, policy: 'hard' }),
      });
      expect(response.status).toBe(201);
    });
  });

  afterAll(() => endScenario(scenario));

  it('stops the pipeline with BudgetExceededError before the next request reaches the model server', () => {
    expect(scenario.run.code).toBe(2);
    expect(scenario.run.stderr).toContain(`run ${runId} stopped by its budget: BudgetExceededError`);
    expect(scenario.run.stderr).toContain('budget "run-cap"');
    expect(scenario.models.requests.map((request) => request.path)).toEqual(['/v1/chat/completions']);
  });

  it('stores the allowed call, priced', async () => {
    const calls = await queryFile(
      scenario.server.dbPath,
      `SELECT agent, status, total_cost FROM llm_calls WHERE run_id = '${runId}' AND status <> 'error'`,
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ agent: 'planner' });
    expect(Number(calls[0]!.total_cost)).toBeGreaterThan(0);
  });
});

function storedTokens(row: Row): Required<Tokens> {
  return {
    input: Number(row.input_tokens ?? 0),
    output: Number(row.output_tokens ?? 0),
    cacheRead: Number(row.cache_read_tokens ?? 0),
    cacheWrite: Number(row.cache_write_tokens ?? 0),
    reasoning: Number(row.reasoning_tokens ?? 0),
  };
}

function zeroFilled(tokens: Tokens): Required<Tokens> {
  return {
    input: tokens.input ?? 0,
    output: tokens.output ?? 0,
    cacheRead: tokens.cacheRead ?? 0,
    cacheWrite: tokens.cacheWrite ?? 0,
    reasoning: tokens.reasoning ?? 0,
  };
}
