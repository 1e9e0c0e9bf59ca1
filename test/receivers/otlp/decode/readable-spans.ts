import type { Attributes as SdkAttributes, HrTime, Link } from '@opentelemetry/api';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';

/**
 * Builds ReadableSpans directly (no tracer), so tests control every id, time and attribute,
 * including OTLP AnyValues the SDK's attribute type cannot express (kvlists, nested arrays,
 * bytes) but the OTLP serializers encode.
 */

/** An attribute value as OTLP's AnyValue can carry it. */
export type OtlpValue = string | number | boolean | Uint8Array | OtlpValue[] | { [key: string]: OtlpValue };

export interface SpanSpec {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** @opentelemetry/api SpanKind (0 internal … 4 consumer); OTLP adds 1. */
  kind: number;
  start: HrTime;
  end: HrTime;
  attributes: Record<string, OtlpValue>;
  status: { code: number; message?: string };
  resource: Resource;
  scope: { name: string; version?: string };
  events?: TimedEvent[];
  links?: Link[];
}

export function resource(attributes: Record<string, OtlpValue>): Resource {
  return resourceFromAttributes(attributes as SdkAttributes);
}

export function readableSpan(spec: SpanSpec): ReadableSpan {
  return {
    name: spec.name,
    kind: spec.kind,
    spanContext: () => ({ traceId: spec.traceId, spanId: spec.spanId, traceFlags: 1 }),
    parentSpanContext:
      spec.parentSpanId === undefined ? undefined : { traceId: spec.traceId, spanId: spec.parentSpanId, traceFlags: 1 },
    startTime: spec.start,
    endTime: spec.end,
    status: spec.status,
    // The serializers walk AnyValues recursively; the SDK type only lists flat values.
    attributes: spec.attributes as SdkAttributes,
    links: spec.links ?? [],
    events: spec.events ?? [],
    duration: [0, 0],
    ended: true,
    resource: spec.resource,
    instrumentationScope: spec.scope,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}
