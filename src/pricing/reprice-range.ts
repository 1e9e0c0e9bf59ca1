import { addDays, isValidDate } from '../util/time.js';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A bad bound; `field` is "from" or "to". */
export class RangeInputError extends Error {
  constructor(readonly field: string, readonly reason: string) {
    super(`${field}: ${reason}`);
  }
}

/** A date (YYYY-MM-DD, midnight UTC) or an ISO 8601 timestamp with a zone, as epoch ms. */
export function parseInstant(value: string): number | undefined {
  if (isValidDate(value)) return Date.parse(`${value}T00:00:00Z`);
  if (!TIMESTAMP.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The calls a re-pricing covers, as [fromMs, toMs). A `to` date is inclusive (the whole UTC
 * day, like end_date everywhere in the API); a `to` timestamp is exclusive.
 */
export function repriceRange(from: unknown, to: unknown): { fromMs: number; toMs: number } {
  const bound = (field: string, value: unknown): string => {
    if (typeof value !== 'string' || parseInstant(value) === undefined) {
      throw new RangeInputError(field, 'expected a date YYYY-MM-DD or an ISO 8601 timestamp with a zone');
    }
    return value;
  };
  const fromText = bound('from', from);
  const toText = bound('to', to);
  const fromMs = parseInstant(fromText)!;
  const toMs = isValidDate(toText) ? Date.parse(`${addDays(toText, 1)}T00:00:00Z`) : parseInstant(toText)!;
  if (toMs <= fromMs) throw new RangeInputError('to', `must not be before from (${fromText})`);
  return { fromMs, toMs };
}
