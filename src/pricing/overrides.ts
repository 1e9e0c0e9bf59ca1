import type { ZodError } from 'zod';
import { priceOverrideSchema, type PriceOverrideConfig } from '../config/schema.js';

/**
 * Price overrides: negotiated prices, private models, and per-call / per-image / per-second /
 * per-page prices for tools, scraping, image and video jobs. They come from otel-config.yaml
 * (pricing.overrides, source "config") and from the API (source "api"), and win over the
 * catalog while in force: from `effective_from` (inclusive) to `effective_to` (exclusive),
 * either bound open. A date without a time is midnight UTC.
 *
 * An override is laid over the catalog's prices in force at the call's time: the prices it
 * gives replace the catalog's, the others stay (set one to 0 to make it free). For a model the
 * catalog does not know, the override's prices are the whole price.
 *
 * Tools: provider "tool" and model = the tool's name prices execute_tool spans (per_call,
 * per_second, per_image, per_page; token prices do not apply to tools).
 */

export type OverrideSource = 'config' | 'api';

/** As the API and the pricing_overrides table show it (snake_case, like the config). */
export interface PriceOverride extends PriceOverrideConfig {
  id: string;
  source: OverrideSource;
}

export const TOKEN_PRICE_FIELDS = ['input_mtok', 'output_mtok', 'cache_read_mtok', 'cache_write_mtok'] as const;
export const UNIT_PRICE_FIELDS = ['per_call', 'per_image', 'per_second', 'per_page'] as const;
export const PRICE_FIELDS = [...TOKEN_PRICE_FIELDS, ...UNIT_PRICE_FIELDS] as const;
export type PriceField = (typeof PRICE_FIELDS)[number];

export const TOOL_PROVIDER = 'tool';

/** A bad override; `field` is the path of the offending field, e.g. "overrides[0].input_mtok". */
export class OverrideError extends Error {
  constructor(readonly field: string, readonly reason: string) {
    super(`${field}: ${reason}`);
  }
}

/** Half-open [fromMs, toMs) in epoch milliseconds; open bounds are ±Infinity. */
export function overrideRange(o: PriceOverrideConfig): [number, number] {
  return [
    o.effective_from === undefined ? -Infinity : Date.parse(o.effective_from),
    o.effective_to === undefined ? Infinity : Date.parse(o.effective_to),
  ];
}

export function isInForce(o: PriceOverrideConfig, ms: number): boolean {
  const [from, to] = overrideRange(o);
  return ms >= from && ms < to;
}

/** True when both name the same provider and model and their effective ranges intersect. */
export function overlaps(a: PriceOverrideConfig, b: PriceOverrideConfig): boolean {
  if (overrideKey(a) !== overrideKey(b)) return false;
  const [aFrom, aTo] = overrideRange(a);
  const [bFrom, bTo] = overrideRange(b);
  return aFrom < bTo && bFrom < aTo;
}

/** Overrides of the same provider and model compare case-insensitively. */
export function overrideKey(o: { provider: string; model: string }): string {
  return `${o.provider.trim().toLowerCase()}\u0000${o.model.trim().toLowerCase()}`;
}

/** "overrides[0]" + "input_mtok" -> "overrides[0].input_mtok"; an empty path is the request body itself. */
export function fieldPath(path: string, key?: string): string {
  if (key === undefined || key === '') return path === '' ? 'body' : path;
  return path === '' ? key : `${path}.${key}`;
}

function describeRange(o: PriceOverrideConfig): string {
  return `${o.effective_from ?? 'the beginning'} to ${o.effective_to ?? 'open end'}`;
}

function firstIssue(error: ZodError, path: string): OverrideError {
  const issue = error.issues[0]!;
  const at = fieldPath(path, issue.path.map(String).join('.'));
  if (issue.code === 'unrecognized_keys') {
    return new OverrideError(fieldPath(path, issue.keys[0]), `unknown unit or field; prices are ${PRICE_FIELDS.join(', ')}`);
  }
  return new OverrideError(at, issue.message);
}

/** Validates one override (config section or API body); throws OverrideError naming the field. */
export function parseOverride(input: unknown, path: string): PriceOverrideConfig {
  const parsed = priceOverrideSchema.safeParse(input);
  if (!parsed.success) throw firstIssue(parsed.error, path);
  const o = parsed.data;
  for (const bound of ['effective_from', 'effective_to'] as const) {
    const value = o[bound];
    if (value !== undefined && Number.isNaN(Date.parse(value))) throw new OverrideError(fieldPath(path, bound), `"${value}" is not a valid date`);
  }
  if (!PRICE_FIELDS.some((f) => o[f] !== undefined)) {
    throw new OverrideError(fieldPath(path), `an override needs at least one price: ${PRICE_FIELDS.join(', ')}`);
  }
  const [from, to] = overrideRange(o);
  if (to <= from) throw new OverrideError(fieldPath(path, 'effective_to'), `must be after effective_from (${o.effective_from})`);
  if (o.provider.trim().toLowerCase() === TOOL_PROVIDER) {
    const tokenField = TOKEN_PRICE_FIELDS.find((f) => o[f] !== undefined);
    if (tokenField) throw new OverrideError(fieldPath(path, tokenField), `tools are priced per call, second, image or page, not per token`);
  }
  return o;
}

/**
 * Throws when two overrides of the same provider and model are in force at the same time.
 * `path` names a candidate (new input) so the error points at the field the caller sent;
 * entries with a null path are the ones already stored.
 */
export function checkOverlaps(overrides: ReadonlyArray<{ override: PriceOverrideConfig & { id?: string }; path: string | null }>): void {
  const byKey = new Map<string, Array<{ override: PriceOverrideConfig & { id?: string }; path: string | null }>>();
  for (const entry of overrides) {
    const key = overrideKey(entry.override);
    const list = byKey.get(key) ?? [];
    for (const other of list) {
      if (overlaps(entry.override, other.override)) {
        const [blamed, existing] = entry.path !== null ? [entry, other] : [other, entry];
        const name = existing.path ?? `stored override ${existing.override.id ?? ''}`.trim();
        throw new OverrideError(
          fieldPath(blamed.path ?? 'overrides', 'effective_from'),
          `overlaps ${name} for ${entry.override.provider}/${entry.override.model} (${describeRange(existing.override)}); effective ranges of one provider and model must not overlap`,
        );
      }
    }
    list.push(entry);
    byKey.set(key, list);
  }
}

/** The token part of an override, as catalog price keys. */
export function tokenPrices(o: PriceOverrideConfig): Record<string, number> {
  const prices: Record<string, number> = {};
  for (const field of TOKEN_PRICE_FIELDS) {
    const value = o[field];
    if (value !== undefined) prices[field] = value;
  }
  return prices;
}

export function hasUnitPrices(o: PriceOverrideConfig): boolean {
  return UNIT_PRICE_FIELDS.some((f) => o[f] !== undefined);
}
