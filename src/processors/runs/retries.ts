import type { CallRecord } from '../../pipeline/records.js';

/**
 * Marks model calls that retry an earlier failure.
 *
 * Rule: a call is a retry when its instrumentation says so (`tokentally.attempt` > 1, already
 * applied by the genai processor), or when it repeats, in the same run, a call that ended in
 * error before it started. "Repeats" means either of:
 * - the same request: the same `tokentally.request_hash` (the instrumentation's hash of model,
 *   messages and parameters), whatever agent the call is attributed to;
 * - the same step: the same agent, operation and model (the request model: a failed call rarely
 *   has a response model), e.g. an agent step re-run after a rate limit, timeout or overload.
 * Its attempt is one more than the failed call's. A call that succeeds ends the chain, so the
 * next call with the same step is a new step, not a retry. Calls that overlap the failure in
 * time ran in parallel with it and are not retries.
 *
 * The step needs the agent when the call is processed: its own `gen_ai.agent.name` (tokentally's
 * instrumentation stamps it on every span), or an agent span that arrived before it or in its
 * batch. A call whose agent is not known yet carries the fallback agent (the service name) and
 * matches only failures that had it too; the request hash does not depend on it.
 *
 * Limits: a retry stored before its failure arrived (the failure came in a later batch) stays
 * unmarked, and so does a retry without a request hash stored before its agent was known while
 * its failure's agent was: a stored row's retry flag is not revised. Failures are remembered for
 * the trace memory's time limit and up to `maxFailures` keys.
 */
export class RetryDetector {
  private readonly failures = new Map<string, Failure>();

  constructor(private readonly ttlMs: number, private readonly maxFailures: number) {}

  mark(calls: readonly CallRecord[], nowMs: number): void {
    this.evict(nowMs);
    if (this.failures.size === 0 && !calls.some(isError)) return;
    const ordered = calls.length > 1 ? [...calls].sort(byStart) : calls;
    for (const call of ordered) {
      const stepKey = stepKeyOf(call);
      const requestKey = requestKeyOf(call);
      const failure = this.earlierFailure(call, stepKey) ?? (requestKey === undefined ? undefined : this.earlierFailure(call, requestKey));
      if (failure !== undefined) {
        call.isRetry = true;
        if (call.attempt <= failure.attempt) call.attempt = failure.attempt + 1;
      }
      if (call.status === 'error') {
        const failed: Failure = { attempt: call.attempt, endUs: call.endUs, seenMs: nowMs };
        this.remember(stepKey, failed);
        if (requestKey !== undefined) this.remember(requestKey, failed);
      } else if (failure !== undefined) {
        this.failures.delete(stepKey);
        if (requestKey !== undefined) this.failures.delete(requestKey);
      }
    }
    this.evict(nowMs);
  }

  clear(): void {
    this.failures.clear();
  }

  private earlierFailure(call: CallRecord, key: string): Failure | undefined {
    const failure = this.failures.get(key);
    return failure !== undefined && failure.endUs <= call.startUs ? failure : undefined;
  }

  /** Re-inserted, so the Map's insertion order stays oldest-first for eviction. */
  private remember(key: string, failure: Failure): void {
    this.failures.delete(key);
    this.failures.set(key, failure);
  }

  private evict(nowMs: number): void {
    const expiredBefore = nowMs - this.ttlMs;
    for (const [key, failure] of this.failures) {
      if (this.failures.size <= this.maxFailures && failure.seenMs >= expiredBefore) return;
      this.failures.delete(key);
    }
  }
}

interface Failure {
  attempt: number;
  endUs: number;
  seenMs: number;
}

function stepKeyOf(call: CallRecord): string {
  return `${call.tenant}\n${call.runId}\nstep\n${call.agent}\n${call.operation}\n${call.requestModel || call.responseModel}`;
}

function requestKeyOf(call: CallRecord): string | undefined {
  return call.requestHash === null ? undefined : `${call.tenant}\n${call.runId}\nrequest\n${call.requestHash}`;
}

function isError(call: CallRecord): boolean {
  return call.status === 'error';
}

function byStart(a: CallRecord, b: CallRecord): number {
  return a.startUs - b.startUs;
}
