import {
  Metadata,
  Server,
  ServerCredentials,
  status as GrpcStatus,
  type ServerUnaryCall,
  type ServiceDefinition,
  type sendUnaryData,
} from '@grpc/grpc-js';
import type { Component } from '../../pipeline/component.js';
import { formatEndpoint, parseEndpoint } from '../../util/net.js';
import { encodeExportResponse, encodeStatus } from './encode/index.js';
import { MIB, type OtlpGrpcConfig } from './config.js';
import { AuthError, ingest, protobufRequest, type IngestDeps } from './ingest.js';
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
    this.server = server;
  }

  private async export(call: ServerUnaryCall<Buffer, Uint8Array>, callback: sendUnaryData<Uint8Array>): Promise<void> {
    const refused = this.deps.admission(this.deps.stats.inFlightSpans);
    if (refused) return this.fail(callback, refused);
    try {
      const authorization = call.metadata.get('authorization')[0];
      const rejections = await ingest(this.deps, 'grpc', typeof authorization === 'string' ? authorization : undefined, protobufRequest(call.request));
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
