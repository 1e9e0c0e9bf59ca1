import { status as GrpcStatus } from '@grpc/grpc-js';
import { DecodeError, PermanentError, RetryableError } from '../../pipeline/errors.js';
import type { Rejection } from '../../pipeline/batch.js';

/**
 * The one place where pipeline outcomes become OTLP answers: an HTTP status and a gRPC code,
 * with the retry delay when retrying can help (OTLP spec, "Failures" and "Throttling").
 */
export interface FailureAnswer {
  httpStatus: number;
  grpcCode: GrpcStatus;
  message: string;
  retryAfterMs?: number;
}

export function failureAnswer(error: unknown): FailureAnswer {
  if (error instanceof RetryableError) {
    return error.overloaded
      ? { httpStatus: 429, grpcCode: GrpcStatus.RESOURCE_EXHAUSTED, message: error.message, retryAfterMs: error.retryAfterMs }
      : { httpStatus: 503, grpcCode: GrpcStatus.UNAVAILABLE, message: error.message, retryAfterMs: error.retryAfterMs };
  }
  if (error instanceof DecodeError) {
    return { httpStatus: 400, grpcCode: GrpcStatus.INVALID_ARGUMENT, message: `malformed OTLP request: ${error.message}` };
  }
  if (error instanceof PermanentError) {
    return { httpStatus: 400, grpcCode: GrpcStatus.INVALID_ARGUMENT, message: error.message };
  }
  console.error('tokentally receiver: unexpected error', error);
  return { httpStatus: 500, grpcCode: GrpcStatus.INTERNAL, message: 'internal error while handling the export request' };
}

/** OTLP partial success: how many spans were rejected and why (first few reasons). */
export function partialSuccess(rejections: readonly Rejection[]): { rejectedSpans: number; errorMessage: string } | undefined {
  if (rejections.length === 0) return undefined;
  const shown = rejections.slice(0, 5).map((r) => `span ${r.spanId}: ${r.reason}`);
  const more = rejections.length > shown.length ? `; and ${rejections.length - shown.length} more` : '';
  return { rejectedSpans: rejections.length, errorMessage: `${rejections.length} span(s) rejected: ${shown.join('; ')}${more}` };
}
