import { WireWriter } from './wire-writer.js';

/** What an OTLP receiver reports when it accepted only part of a request, or has a warning. */
export interface PartialSuccess {
  rejectedSpans: number;
  errorMessage: string;
}

/*
 * ExportTraceServiceResponse (opentelemetry/proto/collector/trace/v1/trace_service.proto):
 *   1 partial_success: ExportTracePartialSuccess { 1 rejected_spans int64, 2 error_message string }
 * The OTLP spec says a full success leaves partial_success unset, so an absent or empty
 * partial success encodes as the empty message.
 */

function isEmpty(partial: PartialSuccess | undefined): partial is undefined {
  return partial === undefined || (partial.rejectedSpans === 0 && partial.errorMessage === '');
}

export function encodeExportResponseProtobuf(partial?: PartialSuccess): Uint8Array {
  const writer = new WireWriter();
  if (!isEmpty(partial)) {
    writer.message(1, (inner) => {
      if (partial.rejectedSpans !== 0) inner.int(1, partial.rejectedSpans);
      if (partial.errorMessage !== '') inner.string(2, partial.errorMessage);
    });
  }
  return writer.finish();
}

/** Proto3 JSON mapping: lowerCamelCase names, int64 as a decimal string, defaults omitted. */
export function encodeExportResponseJson(partial?: PartialSuccess): string {
  if (isEmpty(partial)) return '{}';
  const partialSuccess: { rejectedSpans?: string; errorMessage?: string } = {};
  if (partial.rejectedSpans !== 0) partialSuccess.rejectedSpans = String(partial.rejectedSpans);
  if (partial.errorMessage !== '') partialSuccess.errorMessage = partial.errorMessage;
  return JSON.stringify({ partialSuccess });
}
