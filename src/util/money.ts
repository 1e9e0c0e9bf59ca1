/**
 * Money is exact: costs travel as integer nano-dollars and are stored as DECIMAL(18,9) (which
 * DuckDB keeps as the same int64). JSON answers carry USD numbers rounded to 9 decimals.
 */
export const NANOS_PER_USD = 1_000_000_000;

export function usdToNanos(usd: number): number {
  return Math.round(usd * NANOS_PER_USD);
}

/** Accepts nano-dollars as number or bigint (DuckDB DECIMAL values come back as bigint). */
export function nanosToUsd(nanos: number | bigint): number {
  if (typeof nanos === 'bigint') {
    const whole = nanos / 1_000_000_000n;
    const frac = nanos % 1_000_000_000n;
    return Number(whole) + Number(frac) / NANOS_PER_USD;
  }
  return Math.round(nanos) / NANOS_PER_USD;
}

/** Rounds a USD float to 9 decimals for JSON output. */
export function roundUsd(usd: number): number {
  return Math.round(usd * NANOS_PER_USD) / NANOS_PER_USD;
}

/**
 * Dollars for people (terminal reports, alerts, recommendation text): cents from a dollar up,
 * two significant digits below, so a fraction of a cent still shows.
 */
export function formatUsd(usd: number): string {
  const cents = usd === 0 || Math.abs(usd) >= 1;
  const shown = cents ? usd : Number(usd.toPrecision(2));
  return `$${shown.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: cents ? 2 : 20 })}`;
}

export function formatUsdNanos(nanos: number): string {
  return formatUsd(nanosToUsd(nanos));
}
