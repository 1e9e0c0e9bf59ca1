import { F } from './attribute-keys.js';
import { rejectionReason } from './rejection.js';
import type { SpanReader } from './span-reader.js';

export type CostResult = { ok: true; nanos: number | null } | { ok: false; reason: string };

/**
 * `tokentally.cost.usd` in integer nano-dollars (null when the span has none). A cost that is
 * negative or not a number rejects the span: pricing it as anything else would be a guess.
 */
export function readExplicitCost(reader: SpanReader): CostResult {
  const value = reader.value(F.costUsd);
  if (value === undefined) return { ok: true, nanos: null };
  const usd = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(usd)) return { ok: false, reason: rejectionReason(reader.key(F.costUsd), value, 'a cost must be a number of US dollars') };
  if (usd < 0) return { ok: false, reason: rejectionReason(reader.key(F.costUsd), value, 'a cost cannot be negative') };
  return { ok: true, nanos: Math.round(usd * 1e9) };
}
