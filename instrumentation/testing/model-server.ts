import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isRecord, valueAt, type UnknownRecord } from '../values.js';
import { anthropicAnswer, streamAnthropic } from './anthropic-api.js';
import type { ServerSentEvent } from './answer.js';
import { chatCompletionAnswer, streamChatCompletion } from './openai-chat-api.js';
import { responsesAnswer, streamResponses } from './openai-responses-api.js';
import { PromptCache } from './tokens.js';

/**
 * A local stand-in for the OpenAI and Anthropic APIs, for tests and demos: deterministic answers
 * with usage as the real APIs report it, including cached input tokens (a repeated prompt prefix
 * is a cache hit, as with provider prompt caching) and reasoning tokens (OpenAI reasoning models,
 * Anthropic extended thinking), streamed or not.
 *
 * - POST /v1/chat/completions: stream with stream_options.include_usage as OpenAI does it;
 * - POST /v1/responses: `response.completed` carries usage when streamed;
 * - POST /v1/messages: SSE message_start … message_delta (usage) … message_stop when streamed.
 *
 * Every request is recorded, so a test can assert that none arrived.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** The usage the server answered with, as the provider's API reports it. */
  usage?: unknown;
}

export interface ModelServer {
  /** http://127.0.0.1:<port> */
  url: string;
  /** For the openai client (OPENAI_BASE_URL). */
  openaiBaseUrl: string;
  /** For the @anthropic-ai/sdk client (ANTHROPIC_BASE_URL). */
  anthropicBaseUrl: string;
  /** Every request received, in order. */
  readonly requests: readonly RecordedRequest[];
  /** Forgets the recorded requests and the prompt cache. */
  reset(): void;
  close(): Promise<void>;
}

export interface ModelServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
}

export async function startModelServer(options: ModelServerOptions = {}): Promise<ModelServer> {
  const requests: RecordedRequest[] = [];
  let cache = new PromptCache();
  const server = createServer((request, response) => {
    void handle(request, response, requests, cache);
  });
  await listen(server, options.port ?? 0);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    anthropicBaseUrl: url,
    requests,
    reset() {
      requests.length = 0;
      cache = new PromptCache();
    },
    close: () => close(server),
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  requests: RecordedRequest[],
  cache: PromptCache,
): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const body = await readJson(request);
  const recorded: RecordedRequest = { method: request.method ?? 'GET', path, headers: request.headers, body };
  requests.push(recorded);
  if (request.method !== 'POST' || !isRecord(body) || typeof body.model !== 'string') {
    return sendJson(response, 400, { error: { type: 'invalid_request_error', message: 'expected a JSON body with a model' } });
  }
  const id = randomUUID().replaceAll('-', '').slice(0, 24);
  const answer = answerFor(path, body, cache, id);
  if (!answer) return sendJson(response, 404, { error: { type: 'not_found_error', message: `no route for ${path}` } });
  recorded.usage = 'events' in answer ? lastUsage(answer.events) : valueAt(answer.json, 'usage');
  if ('events' in answer) sendEvents(response, answer.events);
  else sendJson(response, 200, answer.json);
}

type Answer = { json: UnknownRecord } | { events: ServerSentEvent[] };

function answerFor(path: string, body: UnknownRecord, cache: PromptCache, id: string): Answer | undefined {
  const stream = body.stream === true;
  switch (path) {
    case '/v1/chat/completions':
      return stream ? { events: streamChatCompletion(body, cache, id) } : { json: chatCompletionAnswer(body, cache, id) };
    case '/v1/responses':
      return stream ? { events: streamResponses(body, cache, id) } : { json: responsesAnswer(body, cache, id) };
    case '/v1/messages':
      return stream ? { events: streamAnthropic(body, cache, id) } : { json: anthropicAnswer(body, cache, id) };
    default:
      return undefined;
  }
}

/** The final usage of a stream: the last event that carries one (chat chunk, response.completed, message_delta). */
function lastUsage(events: ServerSentEvent[]): unknown {
  for (let index = events.length - 1; index >= 0; index--) {
    const usage = valueAt(events[index]?.data, 'usage') ?? valueAt(events[index]?.data, 'response', 'usage');
    if (isRecord(usage)) return usage;
  }
  return undefined;
}

function sendEvents(response: ServerResponse, events: ServerSentEvent[]): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const { event, data } of events) {
    const line = data === '[DONE]' ? data : JSON.stringify(data);
    response.write(`${event ? `event: ${event}\n` : ''}data: ${line}\n\n`);
  }
  response.end();
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${randomUUID()}` });
  response.end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
