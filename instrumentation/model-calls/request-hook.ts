import { diag } from '@opentelemetry/api';
import { REQUEST_HASH, RESERVATION_ID } from '../attribution/keys.js';
import { BudgetError } from '../budget/errors.js';
import { maxOutputTokens } from '../budget/estimate.js';
import type { BudgetGuard } from '../budget/guard.js';
import { isRecord, stringAt } from '../values.js';
import { activeModelCallSpan } from './model-span.js';
import type { Method } from './patch.js';
import { describeRequest } from './request-hash.js';

export type Provider = 'openai' | 'anthropic';

/** The request paths (relative to the client's base URL) that are model calls. */
const MODEL_CALL_PATHS: Record<Provider, RegExp> = {
  openai: /^\/(chat\/completions|responses|completions|embeddings)$/,
  anthropic: /^\/v1\/messages(\?|$)/,
};

/**
 * Wraps the client's `prepareOptions`, the async hook both SDKs await before each HTTP attempt.
 * Being async and inside the SDK's request pipeline, it can ask the budget check before the
 * request leaves while `create()` still returns the SDK's own APIPromise at once; a BudgetError
 * thrown here rejects that promise, and no request reaches the model server.
 */
export function wrapPrepareOptions(provider: Provider, guard: () => BudgetGuard | undefined) {
  // Retries call prepareOptions again with the same options object: guard each call once.
  const seen = new WeakSet<object>();
  return (original: Method): Method =>
    async function tokentallyPrepareOptions(this: unknown, ...args: unknown[]): Promise<unknown> {
      const result: unknown = await Reflect.apply(original, this, args);
      const options = args[0];
      if (isRecord(options) && !seen.has(options) && isModelCall(provider, options)) {
        seen.add(options);
        await beforeModelCall(provider, options.body, guard());
      }
      return result;
    };
}

function isModelCall(provider: Provider, options: Record<string, unknown>): boolean {
  const path = stringAt(options, 'path');
  return stringAt(options, 'method') === 'post' && path !== undefined && MODEL_CALL_PATHS[provider].test(path);
}

async function beforeModelCall(provider: Provider, body: unknown, guard: BudgetGuard | undefined): Promise<void> {
  if (!isRecord(body)) return;
  const span = activeModelCallSpan();
  let requestChars = 0;
  try {
    const request = describeRequest(body);
    requestChars = request.json.length;
    span?.setAttribute(REQUEST_HASH, request.hash);
  } catch (error) {
    diag.debug('tokentally: could not hash the request', error);
  }
  if (!guard) return;
  try {
    const decision = await guard.beforeModelCall({
      provider,
      model: stringAt(body, 'model'),
      requestChars,
      maxOutputTokens: maxOutputTokens(body),
    });
    if (decision.reservationId) span?.setAttribute(RESERVATION_ID, decision.reservationId);
  } catch (error) {
    if (error instanceof BudgetError) {
      // The SDK may name the failure generically (the Anthropic SDK says client_error).
      span?.recordException(error);
      throw error;
    }
    diag.warn('tokentally: the budget guard failed; the call proceeds', error);
  }
}
