import type { CommittedBatch } from '../../../src/pipeline/commit.js';
import type { CallRecord } from '../../../src/pipeline/records.js';
import { makeCall } from '../../support/records.js';
import { usd } from './harness.js';

/** A committed, priced call of `amount` dollars at `atMs` (real CallRecord shape from test/support). */
export function spend(amount: number | null, atMs: number, overrides: Partial<CallRecord> = {}): CallRecord {
  return makeCall({
    startUs: atMs * 1000,
    endUs: atMs * 1000 + 1_000_000,
    cost: amount === null ? null : usd(amount),
    priceSource: amount === null ? 'unpriced' : 'catalog',
    pricedModel: amount === null ? null : 'gpt-4o-2024-08-06',
    ...overrides,
  });
}

export function batch(...calls: CallRecord[]): CommittedBatch {
  return { calls, activities: [] };
}
