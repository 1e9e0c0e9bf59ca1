import { calcPrice } from '@pydantic/genai-prices';
import type { CallSpec } from './otlp.js';

/** "Now" of every recommendations test: the server's clock and the end of the lookback window. */
export const NOW_MS = Date.parse('2026-11-20T12:00:00Z');
export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

export type Template = Omit<CallSpec, 'startMs'>;

/** `n` calls spread evenly from `fromDaysAgo` to `toDaysAgo` days before NOW_MS; `vary` tweaks call i. */
export function spread(n: number, template: Template, opts: { fromDaysAgo?: number; toDaysAgo?: number; vary?: (i: number) => Partial<CallSpec> } = {}): CallSpec[] {
  const { fromDaysAgo = 28, toDaysAgo = 1, vary } = opts;
  const first = NOW_MS - fromDaysAgo * DAY_MS;
  const step = n > 1 ? ((fromDaysAgo - toDaysAgo) * DAY_MS) / (n - 1) : 0;
  return Array.from({ length: n }, (_, i) => ({ ...template, startMs: Math.round(first + i * step), ...vary?.(i) }));
}

/**
 * `bursts` bursts of `perBurst` calls, `gapMs` apart inside a burst, one burst a day starting
 * `fromDaysAgo` days back, each starting on a whole hour (so a burst sits inside one fixed window).
 */
export function bursts(count: number, perBurst: number, template: Template, opts: { gapMs: number; fromDaysAgo?: number; vary?: (i: number) => Partial<CallSpec> }): CallSpec[] {
  const { gapMs, fromDaysAgo = 20, vary } = opts;
  const calls: CallSpec[] = [];
  for (let b = 0; b < count; b++) {
    const start = Math.floor((NOW_MS - (fromDaysAgo - b) * DAY_MS) / 3_600_000) * 3_600_000;
    for (let i = 0; i < perBurst; i++) calls.push({ ...template, startMs: start + i * gapMs, ...vary?.(calls.length) });
  }
  return calls;
}

export interface Tokens {
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens?: number;
  cache_write_tokens?: number;
}

/** The token sums of calls, as calcPrice takes them. */
export function tokensOf(calls: readonly CallSpec[]): Tokens {
  return {
    input_tokens: calls.reduce((s, c) => s + c.input, 0),
    output_tokens: calls.reduce((s, c) => s + c.output, 0),
    cache_read_tokens: calls.reduce((s, c) => s + (c.cacheRead ?? 0), 0),
    cache_write_tokens: calls.reduce((s, c) => s + (c.cacheWrite ?? 0), 0),
  };
}

/** The library's own price of `usage` for a catalog model at NOW_MS, in nano-dollars: the hand computation. */
export function catalogNanos(usage: Tokens, model: string, providerId: string, atMs = NOW_MS): number {
  const price = calcPrice({ ...usage }, model, { providerId, timestamp: new Date(atMs) });
  if (!price) throw new Error(`the catalog does not price ${providerId}/${model}`);
  return Math.round(price.total_price * 1e9);
}

/** Each call priced on its own (what the collector stores), summed, in nano-dollars. */
export function storedNanos(calls: readonly CallSpec[], providerId: string): number {
  return calls.reduce((s, c) => s + catalogNanos(tokensOf([c]), c.model, providerId, c.startMs), 0);
}

/** A hex request hash for request number `i` (the instrumentation sends a sha256; its first 16 hex digits are kept). */
export function requestHash(i: number): string {
  return (i + 1).toString(16).padStart(16, 'a').padEnd(64, '0');
}
