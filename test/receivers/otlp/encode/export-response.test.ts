import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import {
  encodeExportResponse,
  encodeExportResponseJson,
  encodeExportResponseProtobuf,
} from '../../../../src/receivers/otlp/encode/index.js';
import { decodeMessage } from './reference-schema.js';

describe('ExportTraceServiceResponse', () => {
  it('is the empty message for a full success, as the OTLP spec requires', () => {
    expect(encodeExportResponseProtobuf()).toEqual(new Uint8Array());
    expect(encodeExportResponseProtobuf({ rejectedSpans: 0, errorMessage: '' })).toEqual(new Uint8Array());
    expect(encodeExportResponseJson()).toBe('{}');
    expect(ProtobufTraceSerializer.deserializeResponse(encodeExportResponseProtobuf())).toEqual({});
  });

  it('carries rejected spans and the error message in protobuf', () => {
    const bytes = encodeExportResponseProtobuf({ rejectedSpans: 3, errorMessage: '3 span(s) rejected: caf\u00e9' });
    expect(decodeMessage('ExportTraceServiceResponse', bytes)).toEqual({
      partial_success: { rejected_spans: 3, error_message: '3 span(s) rejected: caf\u00e9' },
    });
    // What opentelemetry-js exporters read from the reply.
    expect(ProtobufTraceSerializer.deserializeResponse(bytes)).toEqual({
      partialSuccess: { rejectedSpans: 3, errorMessage: '3 span(s) rejected: caf\u00e9' },
    });
  });

  it('encodes large counts and warning-only partial successes', () => {
    expect(decodeMessage('ExportTraceServiceResponse', encodeExportResponseProtobuf({ rejectedSpans: 2 ** 40, errorMessage: '' }))).toEqual({
      partial_success: { rejected_spans: 2 ** 40, error_message: '' },
    });
    const warning = encodeExportResponseProtobuf({ rejectedSpans: 0, errorMessage: 'deprecated attribute' });
    expect(decodeMessage('ExportTraceServiceResponse', warning)).toEqual({ partial_success: { rejected_spans: 0, error_message: 'deprecated attribute' } });
  });

  it('uses the proto3 JSON mapping: lowerCamelCase, int64 as a string, defaults omitted', () => {
    expect(JSON.parse(encodeExportResponseJson({ rejectedSpans: 2, errorMessage: 'bad "span"' }))).toEqual({
      partialSuccess: { rejectedSpans: '2', errorMessage: 'bad "span"' },
    });
    expect(JSON.parse(encodeExportResponseJson({ rejectedSpans: 0, errorMessage: 'warn' }))).toEqual({ partialSuccess: { errorMessage: 'warn' } });
  });

  it('is chosen by encoding, JSON as UTF-8 bytes', () => {
    const partial = { rejectedSpans: 1, errorMessage: '\u00e9' };
    expect(encodeExportResponse('protobuf', partial)).toEqual(encodeExportResponseProtobuf(partial));
    expect(JsonTraceSerializer.deserializeResponse(encodeExportResponse('json', partial))).toEqual({
      partialSuccess: { rejectedSpans: '1', errorMessage: '\u00e9' },
    });
    expect(new TextDecoder().decode(encodeExportResponse('json'))).toBe('{}');
  });
});
