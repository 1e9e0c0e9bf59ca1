import type { StatusDetail } from './rpc-status.js';
import { WireWriter } from './wire-writer.js';

export const RETRY_INFO_TYPE_URL = 'type.googleapis.com/google.rpc.RetryInfo';

/**
 * google.rpc.RetryInfo { 1 retry_delay google.protobuf.Duration { 1 seconds int64, 2 nanos int32 } }
 * as a Status detail: OTLP clients wait this long before retrying a 429/503 or an UNAVAILABLE /
 * RESOURCE_EXHAUSTED export. Negative or non-finite delays become zero.
 */
export function retryInfo(retryDelayMs: number): StatusDetail {
  const totalNanos = Number.isFinite(retryDelayMs) && retryDelayMs > 0 ? Math.round(retryDelayMs * 1e6) : 0;
  const seconds = Math.floor(totalNanos / 1e9);
  const nanos = totalNanos - seconds * 1e9;
  const value = new WireWriter()
    .message(1, (duration) => {
      if (seconds !== 0) duration.int(1, seconds);
      if (nanos !== 0) duration.int(2, nanos);
    })
    .finish();
  return { typeUrl: RETRY_INFO_TYPE_URL, value, json: { retryDelay: durationJson(seconds, nanos) } };
}

/** Proto3 JSON Duration: seconds with 0, 3, 6 or 9 fractional digits and an "s" suffix. */
function durationJson(seconds: number, nanos: number): string {
  if (nanos === 0) return `${seconds}s`;
  const fraction = String(nanos).padStart(9, '0');
  const digits = nanos % 1e6 === 0 ? 3 : nanos % 1e3 === 0 ? 6 : 9;
  return `${seconds}.${fraction.slice(0, digits)}s`;
}
