import type { z } from 'zod';
import { usdToNanos } from '../../util/money.js';
import { InputError } from './errors.js';

function fieldOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys' && issue.path.length === 0) return issue.keys[0] ?? 'body';
  const [head, ...rest] = issue.path;
  if (head === undefined) return 'body';
  return String(head) + rest.map((p) => `[${String(p)}]`).join('');
}

/** Validates input (a request body, a config entry); the first problem becomes an InputError naming its field. */
export function parseInput<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(fieldOf(issue), issue.message);
  }
  return parsed.data;
}

/** DECIMAL(18,9) holds at most 9 integer digits of dollars. */
export const MAX_USD = 999_999_999;

/** USD from a request as nano-dollars, refusing amounts too small to store or too large for DECIMAL(18,9). */
export function nanosField(usd: number, field: string, opts: { allowZero?: boolean } = {}): number {
  if (usd > MAX_USD) throw new InputError(field, `${field} must be at most ${MAX_USD}`);
  const nanos = usdToNanos(usd);
  if (nanos < 0 || (nanos === 0 && !opts.allowZero)) throw new InputError(field, `${field} must be at least 0.000000001`);
  return nanos;
}
