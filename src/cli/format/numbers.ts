import { formatUsd } from '../../util/money.js';

/** How the terminal reports show money, counts and tokens. */

/** A cost, or "unpriced" when every call behind it had no price (its cost is unknown, not $0). */
export function formatCost(usd: number, calls: number, unpricedCalls: number): string {
  return calls > 0 && unpricedCalls === calls ? 'unpriced' : formatUsd(usd);
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatTokens(n: number): string {
  if (Math.abs(n) >= 1e9) return `${(n / 1e9).toFixed(2)}B`;
  if (Math.abs(n) >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (Math.abs(n) >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return formatCount(n);
}

export function formatPct(pct: number | null): string {
  return pct === null ? '–' : `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%`;
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return '';
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}
