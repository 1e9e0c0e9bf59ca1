import {
  Metadata,
  Server,
  ServerCredentials,
  status as GrpcStatus,
  type ServerUnaryCall,
  type ServiceDefinition,
  type sendUnaryData,
} from '@grpc/grpc-js';
import type { Http2Server, ServerHttp2Session } from 'node:http2';
import type { Component } from '../../pipeline/component.js';
import { formatEndpoint, parseEndpoint } from '../../util/net.js';
import { encodeExportResponse, encodeStatus } from './encode/index.js';
import { MIB, type OtlpGrpcConfig } from './config.js';
import { AuthError, ingest, type IngestDeps } from './ingest.js';
import { failureAnswer, partialSuccess } from './outcome.js';

/**
 * TraceService/Export with raw bytes in and out: grpc-js does framing, HTTP/2 and gzip, and the
 * request bytes go straight to tokentally's own decoder (the same one the HTTP receiver uses).
 */
const traceService: ServiceDefinition = {
  Export: {
    path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
    requestStream: false,
    responseStream: false,
    requestSerialize: (bytes: Uint8Array) => Buffer.from(bytes),
    requestDeserialize: (buffer: Buffer) => buffer,
    responseSerialize: (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    responseDeserialize: (buffer: Buffer) => buffer,
  },
};

/**
 * HTTP/2 flow-control windows the server grants each connection and each stream. Node's default
 * (64 KiB each, which grpc-js keeps and has no option for) lets a sender put 64 KiB on the wire
 * and then wait for a WINDOW_UPDATE, which Node sends only once the event loop has read that data:
 * a 300 KB export waited for five turns of a busy loop. Measured here with 16 senders of 512-span
 * requests, five bench runs each: gRPC p50 latency 31–74 ms above HTTP's and throughput at 78–90%
 * of it; with these windows 1–46 ms and 88–99%. grpc-go (the Collector's) sizes its windows
 * dynamically up to 16 MiB for the same reason. A sender can have at most this much unread data
 * in flight.
 */
const STREAM_WINDOW_BYTES = 1 * MIB;
const CONNECTION_WINDOW_BYTES = 8 * MIB;

/**
 * Applies the windows to every HTTP/2 session of `server`. grpc-js keeps its http2 servers in a
 * private map; if a future grpc-js moves them, the receiver keeps working with Node's defaults.
 */
function widenFlowControlWindows(server: Server): boolean {
  const http2Servers = (server as unknown as { http2Servers?: unknown }).http2Servers;
  if (!(http2Servers instanceof Map)) return false;
  for (const http2Server of http2Servers.keys() as IterableIterator<Http2Server>) {
    http2Server.on('session', (session: ServerHttp2Session) => {
      session.settings({ initialWindowSize: STREAM_WINDOW_BYTES });
      session.setLocalWindowSize(CONNECTION_WINDOW_BYTES);
    });
  }
  return http2Servers.size > 0;
}

/** Bytes of the gRPC frame header before each message: a compressed flag and a 4-byte length. */
const FRAME_HEADER_BYTES = 5;

/**
 * Whether a message is the rest of a whole frame that grpc-js assembled for it alone: it reads a
 * message into one new buffer, header first, and hands on the view past the header, keeping no
 * other use of it. Such a buffer can move to the processing thread uncopied (the copy of every
 * ~300 KB message was ~1% of the server's CPU under load, and the garbage collection it brought
 * more). Buffers below half Node's pool size may be slices of the shared pool: never.
 */
export function isWholeFrame(message: Buffer): boolean {
  const { buffer } = message;
  return (
    buffer instanceof ArrayBuffer &&
    message.byteOffset === FRAME_HEADER_BYTES &&
    buffer.byteLength === FRAME_HEADER_BYTES + message.byteLength &&
    buffer.byteLength >= Buffer.poolSize >>> 1
  );
}

export class OtlpGrpcReceiver implements Component {
  private server: Server | undefined;
  boundPort = 0;

  constructor(private readonly config: OtlpGrpcConfig, private readonly deps: IngestDeps) {}

  async start(): Promise<void> {
    const maxBytes = this.config.max_recv_msg_size_mib * MIB;
    const server = new Server({
      'grpc.max_receive_message_length': maxBytes,
      'grpc.max_send_message_length': 4 * MIB,
    });
    server.addService(traceService, { Export: (call: ServerUnaryCall<Buffer, Uint8Array>, callback: sendUnaryData<Uint8Array>) => void this.export(call, callback) });
    const endpoint = parseEndpoint(this.config.endpoint);
    this.boundPort = await new Promise<number>((resolve, reject) =>
      server.bindAsync(formatEndpoint(endpoint), ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))),
    );
    if (!widenFlowControlWindows(server)) console.warn('tokentally: gRPC: could not widen the HTTP/2 flow-control windows; large exports will be slower');
    this.server = server;
  }

  private async export(call: ServerUnaryCall<Buffer, Uint8Array>, callback: sendUnaryData<Uint8Array>): Promise<void> {
    const refused = this.deps.admission(this.deps.stats.inFlightSpans);
    if (refused) return this.fail(callback, refused);
    try {
      const authorization = call.metadata.get('authorization')[0];
      const request = { encoding: 'protobuf' as const, bytes: call.request, ownsBuffer: isWholeFrame(call.request) };
      const rejections = await ingest(this.deps, 'grpc', typeof authorization === 'string' ? authorization : undefined, request);
      callback(null, encodeExportResponse('protobuf', partialSuccess(rejections)));
    } catch (error) {
      this.fail(callback, error);
    }
  }

  private fail(callback: sendUnaryData<Uint8Array>, error: unknown): void {
    if (error instanceof AuthError) {
      callback({ code: error.forbidden ? GrpcStatus.PERMISSION_DENIED : GrpcStatus.UNAUTHENTICATED, details: error.message });
      return;
    }
    const answer = failureAnswer(error);
    const metadata = new Metadata();
    if (answer.retryAfterMs !== undefined) {
      this.deps.stats.refusedRequests.grpc++;
      // RetryInfo in grpc-status-details-bin is what makes OTLP exporters retry RESOURCE_EXHAUSTED.
      metadata.set('grpc-status-details-bin', Buffer.from(encodeStatus('protobuf', answer.grpcCode, answer.message, answer.retryAfterMs)));
    }
    callback({ code: answer.grpcCode, details: answer.message, metadata });
  }

  async shutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, 5_000);
      force.unref();
      server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
  }
}
