import type { DecodedSpan, RequestContext } from './span.js';
import type { ActivityRecord, CallRecord } from './records.js';

/** A span the pipeline refused, with the reason reported back in OTLP partial success. */
export interface Rejection {
  spanId: string;
  reason: string;
}

/**
 * A record stored earlier whose lineage is now known: an ancestor that names its agent, run or
 * session arrived after it (exporters send a parent after its children). The exporter
 * re-attributes the stored row and moves its cost in the roll-ups. A field is null when the
 * stored value stands.
 */
export interface LineageFixup {
  tenant: string;
  traceId: string;
  spanId: string;
  /** The agent that replaces the fallback (the service name) the record was stored with. */
  agent: string | null;
  /** The run that replaces the trace id the record was stored under. */
  runId: string | null;
  sessionId: string | null;
  /** The stored record's start_time: the fix-up finds it by zone maps instead of scanning every row. */
  startUs: number;
}

/**
 * Where one span of the request sits in its trace, with the few facts later processors inherit
 * from ancestors. The genai processor records one for every span, gen_ai or not, before it drops
 * the spans it does not turn into records: an agent's calls often hang below HTTP or framework
 * spans, and the runs processor must walk through them.
 */
export interface SpanLineage {
  traceId: string;
  spanId: string;
  /** '' for a root span. */
  parentSpanId: string;
  /** `gen_ai.agent.name` / `gen_ai.agent.id` the span itself carries, '' when none. */
  agent: string;
  /** `tokentally.run_id` the span itself carries, '' when none. */
  runId: string;
  /** `session.id` / `gen_ai.conversation.id` the span itself carries, '' when none. */
  sessionId: string;
  /** `service.name` of the span's resource: the agent of last resort. */
  serviceName: string;
}

/**
 * One export request as it travels down a traces pipeline. Receivers fill `spans`; the genai
 * processor turns them into `calls` / `activities` (and `rejections`); later processors enrich
 * the records in place; the exporter stores them.
 */
export interface TraceBatch {
  context: RequestContext;
  spans: DecodedSpan[];
  calls: CallRecord[];
  activities: ActivityRecord[];
  rejections: Rejection[];
  /** Spans that were not gen_ai spans and were dropped (not an error). */
  droppedNonGenAi: number;
  fixups: LineageFixup[];
  /** Filled by the genai processor: one entry per span received, in request order. */
  lineage: SpanLineage[];
}

export function newBatch(context: RequestContext, spans: DecodedSpan[]): TraceBatch {
  return { context, spans, calls: [], activities: [], rejections: [], droppedNonGenAi: 0, fixups: [], lineage: [] };
}

/**
 * The one interface between pipeline components. `consume` resolves once the batch is handled
 * all the way down (for the exporter: committed), and rejects with a PipelineError otherwise.
 */
export interface TracesConsumer {
  consume(batch: TraceBatch): Promise<void>;
}
