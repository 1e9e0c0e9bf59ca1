/**
 * What the OTLP decoders hand to the pipeline: only the parts of a span that tokentally reads.
 * Both the protobuf and the JSON decoder produce exactly this shape, so processors never know
 * which encoding or protocol a span came in on.
 */
export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };

/** Attribute key -> value. int64 values become JS numbers (counts above 2^53 are absurd anyway). */
export type Attributes = Record<string, AttributeValue>;

export interface DecodedSpan {
  /** 32 lowercase hex characters. */
  traceId: string;
  /** 16 lowercase hex characters. */
  spanId: string;
  /** 16 lowercase hex characters, or '' for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind enum value (0 unspecified … 5 consumer). */
  kind: number;
  /** Microseconds since the Unix epoch, UTC (OTLP sends nanoseconds; DuckDB stores micros). */
  startUs: number;
  endUs: number;
  attributes: Attributes;
  /** The enclosing ResourceSpans' resource attributes; the same object for all its spans. */
  resource: Attributes;
  /** OTLP Status code: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  statusMessage: string;
}

/** Transport-level facts about one export request. */
export interface RequestContext {
  protocol: 'http' | 'grpc';
  /** Tenant of the API key that sent the request ('default' when auth is off). */
  tenant: string;
}
