import type { CallStatus, SpanOrigin } from '../../pipeline/records.js';
import type { Attributes, DecodedSpan } from '../../pipeline/span.js';
import { F } from './attribute-keys.js';
import type { SpanReader } from './span-reader.js';

/** Facts that call and activity rows share, read the same way for both. */

const STATUS_ERROR = 2;
const STATUS_OK = 1;

export function statusOf(span: DecodedSpan): CallStatus {
  if (span.statusCode === STATUS_ERROR) return 'error';
  return span.statusCode === STATUS_OK ? 'ok' : 'unset';
}

/** `error.type`, else (for a failed span) the class of error its status message names. */
export function errorTypeOf(span: DecodedSpan, reader: SpanReader): string | null {
  const declared = reader.string(F.errorType);
  if (declared !== undefined) return declared;
  if (span.statusCode !== STATUS_ERROR) return null;
  const errorClass = errorClassOf(span.statusMessage);
  return errorClass === '' ? null : errorClass;
}

/** The longest error class taken from a status message, in characters. */
const MAX_ERROR_CLASS = 120;

/**
 * A status message as a class of error: its first line with text in it, ids and numbers written
 * `#`, at most MAX_ERROR_CLASS characters ('' when it has no text). Messages carry what makes
 * each one unique ("Used 29950, Requested 512", request ids, retry delays); kept whole, calls that
 * failed alike would not group, and every message would be a new name in the dictionary that
 * llm_calls_raw refers to, which every query of the llm_calls view reads whole. A token of
 * letters, digits, '_' and '-' of 8 or more characters with a digit in it is an id (request ids,
 * UUIDs, dated model names); shorter ones keep their letters ("gpt-4o" → "gpt-#o").
 */
function errorClassOf(message: string): string {
  const firstLine = message.trim().split('\n', 1)[0]!;
  const text = firstLine
    .replace(/[A-Za-z0-9_-]*[0-9][A-Za-z0-9_-]*/g, (token) => (token.length >= 8 ? '#' : token.replace(/[0-9]+/g, '#')))
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > MAX_ERROR_CLASS ? `${text.slice(0, MAX_ERROR_CLASS - 3)}...` : text;
}

export function serviceNameOf(resource: Attributes): string {
  const name = resource['service.name'];
  return typeof name === 'string' && name !== '' ? name : 'unknown_service';
}

/** The agent the span names itself ('' when none: the runs processor resolves it from ancestors). */
export function ownAgentOf(reader: SpanReader): string {
  return reader.string(F.agentName) ?? reader.string(F.agentId) ?? '';
}

/** The fields every row of a span starts with; the runs processor may complete run and agent later. */
export function spanOriginOf(span: DecodedSpan, reader: SpanReader, tenant: string): SpanOrigin {
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    startUs: span.startUs,
    endUs: span.endUs,
    tenant,
    runId: runIdOf(span, reader),
    agent: ownAgentOf(reader),
    sessionId: reader.string(F.sessionId) ?? null,
    taskType: reader.string(F.taskType) ?? null,
  };
}

/**
 * `tokentally.run_id`, else the trace: one trace is one run unless the instrumentation says
 * otherwise. An empty run id names no run (as for lineage): it inherits one or keeps the trace's.
 */
function runIdOf(span: DecodedSpan, reader: SpanReader): string {
  const runId = reader.string(F.runId);
  return runId === undefined || runId === '' ? span.traceId : runId;
}

/** `tokentally.attempt` when it is a positive integer; 1 otherwise (a bad value is no reason to lose a cost). */
export function attemptOf(reader: SpanReader): number {
  const value = reader.value(F.attempt);
  const attempt = typeof value === 'string' ? Number(value) : value;
  return typeof attempt === 'number' && Number.isInteger(attempt) && attempt >= 1 ? attempt : 1;
}
