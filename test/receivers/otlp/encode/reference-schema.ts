import protobuf from 'protobufjs';

/**
 * The messages the encoders write, as a protobufjs schema transcribed from
 * opentelemetry-proto (trace_service.proto) and googleapis (google/rpc/status.proto,
 * error_details.proto, protobuf any.proto and duration.proto): an independent decoder to check
 * the hand-written encodings against.
 */
const root = protobuf.Root.fromJSON({
  nested: {
    google: {
      nested: {
        protobuf: {
          nested: {
            Any: { fields: { type_url: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } } },
            Duration: { fields: { seconds: { type: 'int64', id: 1 }, nanos: { type: 'int32', id: 2 } } },
          },
        },
        rpc: {
          nested: {
            Status: {
              fields: {
                code: { type: 'int32', id: 1 },
                message: { type: 'string', id: 2 },
                details: { rule: 'repeated', type: 'google.protobuf.Any', id: 3 },
              },
            },
            RetryInfo: { fields: { retry_delay: { type: 'google.protobuf.Duration', id: 1 } } },
          },
        },
      },
    },
    ExportTracePartialSuccess: { fields: { rejected_spans: { type: 'int64', id: 1 }, error_message: { type: 'string', id: 2 } } },
    ExportTraceServiceResponse: { fields: { partial_success: { type: 'ExportTracePartialSuccess', id: 1 } } },
  },
});

const options = { longs: Number, defaults: true, arrays: true };

export function decodeMessage(typeName: string, bytes: Uint8Array): Record<string, unknown> {
  const type = root.lookupType(typeName);
  return type.toObject(type.decode(bytes), options);
}
