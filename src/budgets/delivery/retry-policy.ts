import type { DeliveryOutcome } from './attempt.js';

/** 2xx delivered; timeouts, throttling and server errors may pass later; other 4xx never will. */
export function classifyHttpStatus(status: number): DeliveryOutcome['status'] {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 408 || status === 425 || status === 429 || status >= 500) return 'retryable';
  return 'permanent';
}

/** Delay before attempt `attempt + 1`: initial, 2×, 4×, … (attempt counts from 1). */
export function backoffMs(attempt: number, initialMs: number): number {
  return initialMs * 2 ** (attempt - 1);
}
