/** Budget state by percent of the limit used; fixed, so dashboards read alike whatever the thresholds. */
export type BudgetState = 'ok' | 'warning' | 'critical' | 'exceeded';

export function budgetState(spentNanos: number, limitNanos: number): BudgetState {
  if (spentNanos >= limitNanos) return 'exceeded';
  if (spentNanos * 100 >= 95 * limitNanos) return 'critical';
  if (spentNanos * 100 >= 80 * limitNanos) return 'warning';
  return 'ok';
}

/** Percent of the limit used, to 4 decimals. */
export function percentUsed(spentNanos: number, limitNanos: number): number {
  return Math.round((spentNanos / limitNanos) * 1_000_000) / 10_000;
}

/**
 * Thresholds (percent) that spend has reached and that have not fired yet, ascending: one batch
 * that jumps from 40% to 97% crosses 50, 80 and 95 and each gets its own alert.
 */
export function crossedThresholds(thresholds: readonly number[], fired: ReadonlySet<number> | undefined, spentNanos: number, limitNanos: number): number[] {
  return thresholds.filter((t) => !fired?.has(t) && spentNanos * 100 >= t * limitNanos);
}
