import { context, propagation, type Context, type TextMapGetter, type TextMapSetter } from '@opentelemetry/api';
import { AGENT_NAME, ATTRIBUTION_KEYS, RUN_ID, SESSION_ID, TASK_TYPE, type AttributionKey } from './keys.js';

/**
 * Attribution lives in W3C baggage rather than in private context keys: the same entries that
 * stamp this process's spans travel in the `baggage` header, so a service called over HTTP (with
 * any OpenTelemetry HTTP instrumentation, or the helpers below) stamps its spans with the caller's
 * run, agent, task and session.
 */

export interface Attribution {
  runId?: string;
  agent?: string;
  taskType?: string;
  sessionId?: string;
}

/** Runs `fn` with every span and model call inside it attributed to pipeline run `runId`. */
export function withRun<T>(runId: string, fn: () => T): T {
  return withEntry(RUN_ID, runId, fn);
}

/** Runs `fn` as agent `name` (`gen_ai.agent.name`). */
export function withAgent<T>(name: string, fn: () => T): T {
  return withEntry(AGENT_NAME, name, fn);
}

/** Runs `fn` as a task of type `type` (`tokentally.task_type`), e.g. `summarize`. */
export function withTask<T>(type: string, fn: () => T): T {
  return withEntry(TASK_TYPE, type, fn);
}

/** Runs `fn` in session `id` (`session.id`), e.g. one end-user conversation. */
export function withSession<T>(id: string, fn: () => T): T {
  return withEntry(SESSION_ID, id, fn);
}

/** The attribution in effect in `ctx` (the active context by default). */
export function currentAttribution(ctx: Context = context.active()): Attribution {
  const entries = readAttributionEntries(ctx);
  return {
    runId: entries[RUN_ID],
    agent: entries[AGENT_NAME],
    taskType: entries[TASK_TYPE],
    sessionId: entries[SESSION_ID],
  };
}

/** The attribution baggage entries in `ctx`, by attribute name. */
export function readAttributionEntries(ctx: Context): Partial<Record<AttributionKey, string>> {
  const baggage = propagation.getBaggage(ctx);
  const entries: Partial<Record<AttributionKey, string>> = {};
  if (!baggage) return entries;
  for (const key of ATTRIBUTION_KEYS) {
    const value = baggage.getEntry(key)?.value;
    if (value) entries[key] = value;
  }
  return entries;
}

/**
 * Writes the trace context and attribution baggage of the active context into `headers`, for an
 * outgoing HTTP request made without an HTTP instrumentation. Uses the registered propagator
 * (`tracecontext,baggage` unless OTEL_PROPAGATORS says otherwise).
 */
export function injectAttribution(headers: Record<string, string>): Record<string, string> {
  propagation.inject(context.active(), headers, recordSetter);
  return headers;
}

/**
 * Runs `fn` in the context that the incoming request's `headers` carry, so spans started inside
 * it belong to the caller's trace and carry its run, agent, task and session.
 */
export function withIncomingAttribution<T>(
  headers: Record<string, string | string[] | undefined>,
  fn: () => T,
): T {
  return context.with(propagation.extract(context.active(), headers, headerGetter), fn);
}

function withEntry<T>(key: AttributionKey, value: string, fn: () => T): T {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(`tokentally: ${key} must be a non-empty string`);
  }
  const active = context.active();
  const baggage = (propagation.getBaggage(active) ?? propagation.createBaggage()).setEntry(key, { value });
  return context.with(propagation.setBaggage(active, baggage), fn);
}

const recordSetter: TextMapSetter<Record<string, string>> = {
  set(carrier, key, value) {
    carrier[key] = value;
  },
};

const headerGetter: TextMapGetter<Record<string, string | string[] | undefined>> = {
  keys: (carrier) => Object.keys(carrier),
  get(carrier, key) {
    // Node lower-cases incoming header names; a plain object built by hand may not.
    return carrier[key] ?? carrier[key.toLowerCase()];
  },
};
