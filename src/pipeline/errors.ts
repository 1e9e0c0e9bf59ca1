/**
 * Errors that cross component boundaries say whether retrying can help; receivers map them to
 * OTLP status codes in one place (receivers/otlp/status.ts).
 */
export class PermanentError extends Error {
  override readonly name = 'PermanentError';
}

export class RetryableError extends Error {
  override readonly name = 'RetryableError';
  /**
   * `overloaded`: the pipeline is full (429 / RESOURCE_EXHAUSTED); otherwise it is unavailable
   * for now (503 / UNAVAILABLE). Either way the sender should retry after `retryAfterMs`.
   */
  constructor(message: string, readonly retryAfterMs: number, readonly overloaded = false) {
    super(message);
  }
}

/** Thrown by the OTLP decoders for any malformed input. Never anything else. */
export class DecodeError extends PermanentError {
  constructor(message: string, readonly offset?: number) {
    super(offset === undefined ? message : `${message} (at byte ${offset})`);
  }
}

export function isRetryable(error: unknown): error is RetryableError {
  return error instanceof RetryableError;
}
