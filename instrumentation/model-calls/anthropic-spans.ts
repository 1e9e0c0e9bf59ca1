import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import { GEN_AI } from '../attribution/keys.js';
import { isRecord, numberAt, stringAt, valueAt, type UnknownRecord } from '../values.js';
import type { Method } from './patch.js';
import { onSettled } from './settle.js';
import { isSdkStream, tapStream, type StreamEnd } from './stream-tap.js';
import { anthropicUsage } from './usage.js';

/**
 * The `messages.create` span for Anthropic clients that do not trace themselves, with the same
 * attributes as the SDK's own span: operation chat, provider anthropic, request and response
 * model, response id, finish reasons, and usage (input including cache reads and writes, cache
 * read, cache creation, output, thinking tokens), streamed or not. The stream helper
 * (`messages.stream()`) calls `create` and is covered too.
 */
export function wrapMessagesCreate(original: Method, tracer: () => Tracer): Method {
  return function tokentallyMessagesCreate(this: unknown, ...args: unknown[]): unknown {
    const params = args[0];
    if (tracesItself(this) || !isRecord(params)) return Reflect.apply(original, this, args);
    const model = stringAt(params, 'model');
    const span = tracer().startSpan(`chat ${model ?? ''}`.trim(), {
      kind: SpanKind.CLIENT,
      attributes: requestAttributes(params, stringAt(this, '_client', 'baseURL')),
    });
    let result: unknown;
    try {
      result = context.with(trace.setSpan(context.active(), span), () => Reflect.apply(original, this, args));
    } catch (error) {
      endWithError(span, error);
      throw error;
    }
    onSettled(
      result,
      (value) => {
        if (isSdkStream(value)) {
          const message = new StreamedMessage();
          tapStream(value, {
            onItem: (event) => message.add(event),
            onEnd: (end) => endStreamed(span, message, end),
          });
        } else {
          span.setAttributes(messageAttributes(value));
          span.end();
        }
      },
      (error) => endWithError(span, error),
    );
    return result;
  };
}

/** Whether the SDK client behind this resource records its own spans (@anthropic-ai/sdk >= 0.134). */
function tracesItself(resource: unknown): boolean {
  return valueAt(resource, '_client', 'openTelemetry', 'traces', 'enabled') === true;
}

function requestAttributes(params: UnknownRecord, baseUrl: string | undefined): Attributes {
  const attributes: Attributes = {
    [GEN_AI.operationName]: 'chat',
    [GEN_AI.providerName]: 'anthropic',
  };
  const model = stringAt(params, 'model');
  const maxTokens = numberAt(params, 'max_tokens');
  if (model !== undefined) attributes[GEN_AI.requestModel] = model;
  if (maxTokens !== undefined) attributes[GEN_AI.requestMaxTokens] = maxTokens;
  if (params.stream === true) attributes[GEN_AI.requestStream] = true;
  if (baseUrl) {
    try {
      const url = new URL(baseUrl);
      attributes['server.address'] = url.hostname;
      attributes['server.port'] = url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : 443;
    } catch {
      // An unparsable base URL only costs the server attributes.
    }
  }
  return attributes;
}

function messageAttributes(message: unknown): Attributes {
  const attributes: Attributes = { ...anthropicUsage(valueAt(message, 'usage')) };
  const id = stringAt(message, 'id');
  const model = stringAt(message, 'model');
  const stopReason = stringAt(message, 'stop_reason');
  if (id !== undefined) attributes[GEN_AI.responseId] = id;
  if (model !== undefined) attributes[GEN_AI.responseModel] = model;
  if (stopReason !== undefined) attributes[GEN_AI.finishReasons] = [stopReason];
  return attributes;
}

/** The parts of a streamed Message the span records, rebuilt from its events. */
class StreamedMessage {
  private message: UnknownRecord = {};
  private usage: UnknownRecord = {};

  add(event: unknown): boolean {
    switch (stringAt(event, 'type')) {
      case 'message_start': {
        const message = valueAt(event, 'message');
        const usage = valueAt(message, 'usage');
        this.message = { id: stringAt(message, 'id'), model: stringAt(message, 'model') };
        this.usage = isRecord(usage) ? { ...usage } : {};
        break;
      }
      case 'message_delta': {
        // Cumulative totals: each one present replaces what message_start had.
        const totals = valueAt(event, 'usage');
        if (isRecord(totals)) {
          for (const [key, value] of Object.entries(totals)) if (value !== null && value !== undefined) this.usage[key] = value;
        }
        const stopReason = stringAt(event, 'delta', 'stop_reason');
        if (stopReason !== undefined) this.message.stop_reason = stopReason;
        break;
      }
    }
    return true;
  }

  attributes(): Attributes {
    return messageAttributes({ ...this.message, usage: this.usage });
  }
}

function endStreamed(span: Span, message: StreamedMessage, end: StreamEnd): void {
  span.setAttributes(message.attributes());
  if (end.status === 'failed') endWithError(span, end.error);
  else span.end();
}

function endWithError(span: Span, error: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  span.setAttribute('error.type', error instanceof Error ? error.constructor.name : 'Error');
  span.end();
}
