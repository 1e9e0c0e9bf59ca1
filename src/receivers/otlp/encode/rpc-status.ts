import { WireWriter } from './wire-writer.js';

/**
 * One entry of google.rpc.Status.details: a google.protobuf.Any in both encodings, since the
 * JSON form of an Any is not derivable from its bytes without the message's schema.
 */
export interface StatusDetail {
  /** e.g. "type.googleapis.com/google.rpc.RetryInfo". */
  typeUrl: string;
  /** The packed message, protobuf-encoded. */
  value: Uint8Array;
  /** The packed message's JSON fields, without "@type". */
  json: Record<string, unknown>;
}

/** google.rpc.Status: OTLP error bodies, and gRPC's grpc-status-details-bin trailer. */
export interface RpcStatus {
  /** A google.rpc.Code (gRPC status code). */
  code: number;
  message: string;
  details?: readonly StatusDetail[];
}

/*
 * google/rpc/status.proto: 1 code int32, 2 message string, 3 details repeated google.protobuf.Any
 * google/protobuf/any.proto: 1 type_url string, 2 value bytes
 */

/** The protobuf bytes; also the value of the grpc-status-details-bin trailer. */
export function encodeStatusProtobuf(status: RpcStatus): Uint8Array {
  const writer = new WireWriter();
  if (status.code !== 0) writer.int(1, status.code);
  if (status.message !== '') writer.string(2, status.message);
  for (const detail of status.details ?? []) {
    writer.message(3, (packed) => packed.string(1, detail.typeUrl).bytes(2, detail.value));
  }
  return writer.finish();
}

/** Proto3 JSON mapping; each Any becomes {"@type": url, ...its message's fields}. */
export function encodeStatusJson(status: RpcStatus): string {
  const json: { code: number; message: string; details?: Record<string, unknown>[] } = {
    code: status.code,
    message: status.message,
  };
  if (status.details !== undefined && status.details.length > 0) {
    json.details = status.details.map((detail) => ({ '@type': detail.typeUrl, ...detail.json }));
  }
  return JSON.stringify(json);
}
