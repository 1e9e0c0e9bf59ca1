/** Spend of some set of calls: priced cost, all calls, and the calls that could not be priced. */
export interface Totals {
  costNanos: number;
  calls: number;
  unpricedCalls: number;
}

export const emptyTotals = (): Totals => ({ costNanos: 0, calls: 0, unpricedCalls: 0 });

export function addTo(t: Totals, costNanos: number | null, calls = 1): void {
  t.calls += calls;
  if (costNanos === null) t.unpricedCalls += calls;
  else t.costNanos += costNanos;
}

export function addTotals(t: Totals, other: Totals): void {
  t.costNanos += other.costNanos;
  t.calls += other.calls;
  t.unpricedCalls += other.unpricedCalls;
}
