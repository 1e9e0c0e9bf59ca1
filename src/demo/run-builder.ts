import { catalogCostNanos } from './expected-cost.js';
import { FAILURE_RATE, FAILURES, type CallKind, type ToolKind } from './fleet.js';
import type { Random } from './random.js';
import type { SpanSpec } from './span-spec.js';

/**
 * Builds the spans of one run on a moving clock, the way an agent process would produce them:
 * each step starts a little after the previous one ended. Every span carries the run id, task
 * type, agent and session, as tokentally's instrumentation stamps them.
 */
export class RunBuilder {
  /** The run's clock: where the next step starts. */
  t: number;

  constructor(
    private readonly rng: Random,
    readonly runId: string,
    private readonly taskType: string,
    startMs: number,
    private readonly sessionId: string | null = null,
  ) {
    this.t = startMs;
  }

  /** An invoke_agent span around the steps `body` adds. */
  agent(agent: string, body: () => SpanSpec[]): SpanSpec {
    const startMs = this.t;
    this.t += 5;
    const children = body();
    this.t += this.rng.int(5, 40);
    return {
      name: `invoke_agent ${agent}`,
      role: 'agent',
      startMs,
      endMs: this.t,
      attributes: { ...this.common(agent), 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.id': `agt_${agent}` },
      costNanos: null,
      agent,
      children,
    };
  }

  /** The workflow span that parents a multi-agent run. */
  workflow(name: string, service: string, body: () => SpanSpec[]): SpanSpec {
    const startMs = this.t;
    const children = body();
    this.t += 10;
    const attributes = { ...this.common(null), 'gen_ai.operation.name': 'invoke_workflow' };
    // A workflow belongs to no agent: tokentally attributes it to its service.
    return { name: `invoke_workflow ${name}`, role: 'agent', startMs, endMs: this.t, attributes, costNanos: null, agent: service, children };
  }

  /**
   * A model call; FAILURE_RATE of first attempts fail (overload, rate limit or a billed timeout)
   * and are retried after a back-off with `tokentally.attempt` = 2. Returns one or two spans.
   */
  call(agent: string, kind: CallKind, extraInput = 0): SpanSpec[] {
    this.pause();
    if (!this.rng.chance(FAILURE_RATE)) return [this.modelCall(agent, kind, extraInput, 1)];
    const failure = this.rng.pick(FAILURES);
    const startMs = this.t;
    this.t += this.rng.int(failure.latencyMs[0], failure.latencyMs[1]);
    const usage = failure.billed ? { input: this.rng.tokens(kind.input) + extraInput, output: Math.floor(this.rng.tokens(kind.output) / 3), cacheRead: 0, cacheWrite: 0 } : null;
    const failed: SpanSpec = {
      name: `${kind.operation} ${kind.model.model}`,
      role: 'call',
      startMs,
      endMs: this.t,
      attributes: {
        ...this.common(agent),
        ...this.modelAttributes(kind, false),
        ...(usage ? { 'gen_ai.usage.input_tokens': usage.input, 'gen_ai.usage.output_tokens': usage.output } : {}),
        'error.type': failure.errorType,
      },
      error: failure.message,
      costNanos: catalogCostNanos(kind.model, usage ?? { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }, startMs),
      agent,
      children: [],
    };
    this.t += this.rng.int(1_000, 8_000);
    return [failed, this.modelCall(agent, kind, extraInput, 2)];
  }

  /** An execute_tool span; tools with a per-call price carry it as `tokentally.cost.usd`. */
  tool(agent: string, tool: ToolKind): SpanSpec {
    this.pause();
    const startMs = this.t;
    this.t += this.rng.int(...tool.latencyMs);
    const failed = this.rng.chance(tool.failureRate);
    return {
      name: `execute_tool ${tool.name}`,
      role: 'tool',
      startMs,
      endMs: this.t,
      attributes: {
        ...this.common(agent),
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': tool.name,
        'gen_ai.tool.type': 'function',
        'gen_ai.tool.call.id': `call_${this.rng.hex(12)}`,
        ...(tool.costUsd === null ? {} : { 'tokentally.cost.usd': tool.costUsd }),
        ...(failed ? { 'error.type': 'http_error' } : {}),
      },
      ...(failed ? { error: 'upstream answered 403' } : {}),
      costNanos: tool.costUsd === null ? null : Math.round(tool.costUsd * 1e9),
      agent,
      children: [],
    };
  }

  /** Time a person takes between two turns of a conversation. */
  wait(minMs: number, maxMs: number): void {
    this.t += this.rng.int(minMs, maxMs);
  }

  private modelCall(agent: string, kind: CallKind, extraInput: number, attempt: number): SpanSpec {
    const startMs = this.t;
    this.t += this.rng.int(...kind.latencyMs);
    const reasoning = kind.reasoning ? this.rng.tokens(kind.reasoning) : 0;
    const usage = {
      input: this.rng.tokens(kind.input) + extraInput,
      output: this.rng.tokens(kind.output) + reasoning,
      cacheRead: kind.cacheRead ? this.rng.tokens(kind.cacheRead) : 0,
      cacheWrite: kind.cacheWrite ? this.rng.tokens(kind.cacheWrite) : 0,
    };
    return {
      name: `${kind.operation} ${kind.model.model}`,
      role: 'call',
      startMs,
      endMs: this.t,
      attributes: {
        ...this.common(agent),
        ...this.modelAttributes(kind, true),
        // The conventions' meaning: input includes cache reads and writes, output includes reasoning.
        'gen_ai.usage.input_tokens': usage.input,
        'gen_ai.usage.output_tokens': usage.output,
        ...(usage.cacheRead > 0 ? { 'gen_ai.usage.cache_read.input_tokens': usage.cacheRead } : {}),
        ...(usage.cacheWrite > 0 ? { 'gen_ai.usage.cache_creation.input_tokens': usage.cacheWrite } : {}),
        ...(reasoning > 0 ? { 'gen_ai.usage.reasoning.output_tokens': reasoning } : {}),
        ...(attempt > 1 ? { 'tokentally.attempt': attempt } : {}),
      },
      costNanos: catalogCostNanos(kind.model, usage, startMs),
      agent,
      children: [],
    };
  }

  private modelAttributes(kind: CallKind, answered: boolean): Record<string, string | number> {
    return {
      'gen_ai.operation.name': kind.operation,
      'gen_ai.provider.name': kind.model.provider,
      'gen_ai.request.model': kind.model.model,
      ...(answered ? { 'gen_ai.response.model': kind.model.model, 'gen_ai.response.id': `resp_${this.rng.hex(16)}` } : {}),
    };
  }

  private common(agent: string | null): Record<string, string | number> {
    return {
      'tokentally.run_id': this.runId,
      'tokentally.task_type': this.taskType,
      ...(agent === null ? {} : { 'gen_ai.agent.name': agent }),
      ...(this.sessionId === null ? {} : { 'session.id': this.sessionId }),
    };
  }

  private pause(): void {
    this.t += this.rng.int(30, 400);
  }
}
