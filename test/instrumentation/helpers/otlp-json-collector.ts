import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for tokentally's OTLP/HTTP receiver: a plain HTTP server that accepts the JSON
 * encoding (OTEL_EXPORTER_OTLP_PROTOCOL=http/json) on /v1/traces and keeps every span, flattened.
 * Tests read spans through `spans`, so switching to the real collector means replacing this
 * helper, not the assertions.
 */

export type AttributeValue = string | number | boolean | AttributeValue[] | null;

export interface CollectedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  scope: string;
  statusCode: number;
  attributes: Record<string, AttributeValue>;
  resource: Record<string, AttributeValue>;
  events: Array<{ name: string; attributes: Record<string, AttributeValue> }>;
}

export interface OtlpJsonCollector {
  /** For OTEL_EXPORTER_OTLP_ENDPOINT (the exporter appends /v1/traces). */
  endpoint: string;
  readonly spans: CollectedSpan[];
  /** Export requests received (each one a batch). */
  readonly requests: number;
  close(): Promise<void>;
}

export async function startOtlpJsonCollector(): Promise<OtlpJsonCollector> {
  const spans: CollectedSpan[] = [];
  let requests = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests++;
      if (request.url !== '/v1/traces' || !request.headers['content-type']?.includes('application/json')) {
        response.writeHead(415).end();
        return;
      }
      spans.push(...flatten(JSON.parse(Buffer.concat(chunks).toString('utf8')) as ExportRequest));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface JsonAnyValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: JsonAnyValue[] };
}
interface JsonKeyValue {
  key: string;
  value: JsonAnyValue;
}
interface ExportRequest {
  resourceSpans?: Array<{
    resource?: { attributes?: JsonKeyValue[] };
    scopeSpans?: Array<{
      scope?: { name?: string };
      spans?: Array<{
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        attributes?: JsonKeyValue[];
        events?: Array<{ name: string; attributes?: JsonKeyValue[] }>;
        status?: { code?: number };
      }>;
    }>;
  }>;
}

function flatten(request: ExportRequest): CollectedSpan[] {
  return (request.resourceSpans ?? []).flatMap((resourceSpans) => {
    const resource = attributes(resourceSpans.resource?.attributes);
    return (resourceSpans.scopeSpans ?? []).flatMap((scopeSpans) =>
      (scopeSpans.spans ?? []).map((span) => ({
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId ?? '',
        name: span.name,
        scope: scopeSpans.scope?.name ?? '',
        statusCode: span.status?.code ?? 0,
        attributes: attributes(span.attributes),
        resource,
        events: (span.events ?? []).map((event) => ({ name: event.name, attributes: attributes(event.attributes) })),
      })),
    );
  });
}

function attributes(list: JsonKeyValue[] | undefined): Record<string, AttributeValue> {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, anyValue(value)]));
}

function anyValue(value: JsonAnyValue): AttributeValue {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(anyValue);
  return null;
}
