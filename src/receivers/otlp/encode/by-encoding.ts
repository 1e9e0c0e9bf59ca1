import { encodeExportResponseJson, encodeExportResponseProtobuf, type PartialSuccess } from './export-response.js';
import { retryInfo } from './retry-info.js';
import { encodeStatusJson, encodeStatusProtobuf, type RpcStatus } from './rpc-status.js';

/** The encoding of an OTLP request, which its response and error bodies must use. */
export type Encoding = 'protobuf' | 'json';

const utf8 = new TextEncoder();

/** An ExportTraceServiceResponse body; `partial` undefined for a full success. */
export function encodeExportResponse(encoding: Encoding, partial?: PartialSuccess): Uint8Array {
  return encoding === 'protobuf' ? encodeExportResponseProtobuf(partial) : utf8.encode(encodeExportResponseJson(partial));
}

/**
 * A google.rpc.Status body (or grpc-status-details-bin value) with a gRPC `code`. With
 * `retryAfterMs` it carries a RetryInfo detail, which tells OTLP clients when to retry.
 */
export function encodeStatus(encoding: Encoding, code: number, message: string, retryAfterMs?: number): Uint8Array {
  const status: RpcStatus = { code, message, details: retryAfterMs === undefined ? [] : [retryInfo(retryAfterMs)] };
  return encoding === 'protobuf' ? encodeStatusProtobuf(status) : utf8.encode(encodeStatusJson(status));
}
