const HOUR_MS = 3_600_000;

/**
 * Spend rates are measured over at least this long: one call in the first minute of a day would
 * otherwise project a thousand times the limit.
 */
const MIN_ELAPSED_HOURS = 0.25;

export interface Projection {
  rateNanosPerHour: number;
  /** Spend by the end of the period at the current rate; null for per-run budgets (a run has no end date). */
  estimatedTotalNanos: number | null;
  /** 0 when already exhausted; null when nothing is being spent. */
  hoursUntilDepleted: number | null;
  willExceed: boolean;
}

/** Straight-line projection from the average rate since the period (or run) started. */
export function project(spentNanos: number, limitNanos: number, startMs: number, endMs: number | null, nowMs: number): Projection {
  const at = endMs === null ? Math.max(nowMs, startMs) : Math.min(Math.max(nowMs, startMs), endMs);
  const elapsedHours = Math.max((at - startMs) / HOUR_MS, MIN_ELAPSED_HOURS);
  const rate = spentNanos / elapsedHours;
  const estimated = endMs === null ? null : Math.round(spentNanos + rate * ((endMs - at) / HOUR_MS));
  const hoursUntilDepleted = spentNanos >= limitNanos ? 0 : rate > 0 ? (limitNanos - spentNanos) / rate : null;
  return {
    rateNanosPerHour: Math.round(rate),
    estimatedTotalNanos: estimated,
    hoursUntilDepleted,
    willExceed: spentNanos >= limitNanos || (estimated !== null && estimated > limitNanos),
  };
}
