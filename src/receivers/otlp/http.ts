import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Component } from '../../pipeline/component.js';
import { closeServer, listen, parseEndpoint } from '../../util/net.js';
import { encodeExportResponse, encodeStatus, type Encoding } from './encode/index.js';
import { BodyTooLargeError, UnsupportedEncodingError, readBody } from './body.js';
import { MIB, type OtlpHttpConfig } from './config.js';
import { AuthError, ingest, type IngestDeps } from './ingest.js';
import { failureAnswer, partialSuccess } from './outcome.js';

const TRACES_PATH = '/v1/traces';

function encodingOf(contentType: string | undefined): Encoding | undefined {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  if (type === 'application/json') return 'json';
  return undefined;
}

const CONTENT_TYPE: Record<Encoding, string> = { protobuf: 'application/x-protobuf', json: 'application/json' };

/**
 * OTLP/HTTP traces receiver (POST /v1/traces, protobuf or JSON, optionally gzip), answering per
 * the OTLP specification: 200 with partial success, 400 bad data, 401/403 auth, 413 too large,
 * 415 unsupported content type or encoding, 429/503 with Retry-After under back-pressure.
 * Error bodies are a google.rpc.Status in the request's encoding.
 */
export class OtlpHttpReceiver implements Component {
  private server: Server | undefined;
  boundPort = 0;

  constructor(private readonly config: OtlpHttpConfig, private readonly deps: IngestDeps) {}

  async start(): Promise<void> {
    const { server, port } = await listen((req, res) => void this.handle(req, res), parseEndpoint(this.config.endpoint));
    // Exporters keep connections alive between batches; don't let idle ones pile up forever.
    server.keepAliveTimeout = 30_000;
    this.server = server;
    this.boundPort = port;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (path !== TRACES_PATH) return this.reply(res, 'json', 404, encodeStatus('json', 5, `no OTLP endpoint at ${path}; traces go to POST ${TRACES_PATH}`));
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return this.reply(res, 'json', 405, encodeStatus('json', 12, `method ${req.method} not allowed on ${TRACES_PATH}; use POST`));
    }
    const encoding = encodingOf(req.headers['content-type']);
    if (!encoding) {
      req.resume();
      return this.reply(res, 'json', 415, encodeStatus('json', 3, `unsupported Content-Type "${req.headers['content-type'] ?? ''}": use application/x-protobuf or application/json`));
    }
    const refused = this.deps.admission(this.deps.stats.inFlightSpans);
    if (refused) {
      req.resume();
      return this.fail(res, encoding, refused);
    }
    try {
      const body = await readBody(req, this.config.max_request_body_size_mib * MIB);
      const rejections = await ingest(this.deps, 'http', req.headers.authorization, { encoding, bytes: body });
      this.reply(res, encoding, 200, encodeExportResponse(encoding, partialSuccess(rejections)));
    } catch (error) {
      this.fail(res, encoding, error);
    }
  }

  private fail(res: ServerResponse, encoding: Encoding, error: unknown): void {
    if (error instanceof BodyTooLargeError) return this.reply(res, encoding, 413, encodeStatus(encoding, 3, error.message));
    if (error instanceof UnsupportedEncodingError) return this.reply(res, encoding, 415, encodeStatus(encoding, 3, error.message));
    if (error instanceof AuthError) {
      if (!error.forbidden) res.setHeader('WWW-Authenticate', 'Bearer');
      return this.reply(res, encoding, error.forbidden ? 403 : 401, encodeStatus(encoding, error.forbidden ? 7 : 16, error.message));
    }
    const answer = failureAnswer(error);
    if (answer.retryAfterMs !== undefined) {
      this.deps.stats.refusedRequests.http++;
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(answer.retryAfterMs / 1000))));
    }
    this.reply(res, encoding, answer.httpStatus, encodeStatus(encoding, answer.grpcCode, answer.message, answer.retryAfterMs));
  }

  private reply(res: ServerResponse, encoding: Encoding, status: number, body: Uint8Array): void {
    if (res.headersSent) return;
    res.statusCode = status;
    res.setHeader('Content-Type', CONTENT_TYPE[encoding]);
    res.setHeader('Content-Length', body.length);
    res.end(body);
  }

  async shutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await closeServer(server);
  }
}
