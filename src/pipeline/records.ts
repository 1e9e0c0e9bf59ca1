/**
 * Rows the processors derive from spans and the exporter stores. Field names mirror the public
 * DuckDB column names (camelCase here, snake_case there).
 */

export type PriceSource = 'catalog' | 'override' | 'explicit' | 'unpriced';
export type CallStatus = 'ok' | 'error' | 'unset';
export type Category = 'llm' | 'embeddings' | 'image' | 'audio' | 'video' | 'tool' | 'other';

/** Token counts of one model call. `inputTokens` includes cache reads and writes. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  /** All cache writes; `cacheWrite1hTokens` is the part written with a 1-hour TTL (Anthropic). */
  cacheWriteTokens: number;
  cacheWrite1hTokens: number;
  /** Part of outputTokens. */
  reasoningTokens: number;
  /** Parts of inputTokens / outputTokens by modality, when the source reports them. */
  inputAudioTokens: number;
  outputAudioTokens: number;
  inputImageTokens: number;
  outputImageTokens: number;
}

/** Cost components in nano-dollars (integers). null when unpriced. */
export interface CostBreakdown {
  inputCost: number;
  outputCost: number;
  cacheReadCost: number;
  cacheWriteCost: number;
  /**
   * The reasoning tokens' share of outputCost, at the price they are billed at (the catalog's
   * reasoning price where it has one, else the output price). Reported, not added again.
   */
  reasoningCost: number;
  /** Per-request / per-unit charges (requests, web searches, pages, seconds). */
  otherCost: number;
  totalCost: number;
}

/** Where a span sits (trace, time, tenant) and whose work it was: what calls and activity share. */
export interface SpanOrigin {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  startUs: number;
  endUs: number;
  tenant: string;
  runId: string;
  agent: string;
  sessionId: string | null;
  taskType: string | null;
}

export interface CallRecord extends SpanOrigin, TokenUsage {
  serviceName: string;
  provider: string;
  requestModel: string;
  responseModel: string;
  operation: string;
  category: Category;
  status: CallStatus;
  errorType: string | null;
  attempt: number;
  isRetry: boolean;
  /** `tokentally.cost.usd` from the span, in nano-dollars; wins over any price. */
  explicitCostNanos: number | null;
  /** `tokentally.reservation_id`, set by the budget guard; settles a budget reservation. */
  reservationId: string | null;
  /** `tokentally.request_hash`: hash of the request the instrumentation saw (never its text). */
  requestHash: string | null;
  /** Provider service tier where the span says so (batch, flex, priority…). */
  serviceTier: string | null;
  /** Set by the cost processor. */
  pricedModel: string | null;
  priceSource: PriceSource;
  cost: CostBreakdown | null;
  /**
   * `gen_ai.response.id`: the provider's id of the response, to find the call in its logs. A column
   * of its own because it is the one attribute unique to every call: the rest of the attributes
   * JSON then repeats across a fleet's calls and crosses to the writer once (record-codec.ts).
   */
  responseId: string | null;
  /** Attributes not mapped to a column, as a JSON object text ('' when none). */
  attributesJson: string;
}

export type ActivityType = 'tool_call' | 'agent_invocation' | 'error' | 'cost';

/** execute_tool / invoke_agent spans and explicit non-model costs, for activity logs and timelines. */
export interface ActivityRecord extends SpanOrigin {
  eventType: ActivityType;
  /** Tool name, agent name or cost label. */
  name: string;
  status: CallStatus;
  errorType: string | null;
  costNanos: number | null;
  /**
   * Where costNanos came from: 'explicit' (`tokentally.cost.usd`), 'override' (a provider "tool"
   * override, set by the cost processor or re-pricing) or 'unpriced' (costNanos null).
   */
  priceSource: PriceSource;
  attributesJson: string;
}
