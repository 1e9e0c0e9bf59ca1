// Number and time formatting. Every time shown is UTC and says so.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * US dollars with sensible decimals: cents from $0.10 up ($1,234.56), three significant digits
 * below ($0.0588, $0.00374), so a cheap call never reads as $0.00.
 */
export function usd(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (value === 0) return '$0.00';
  if (Math.abs(value) >= 0.1) {
    return value.toLocaleString('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
  return value.toLocaleString('en-US', { style: 'currency', currency: 'USD', maximumSignificantDigits: 3 });
}

/** Short dollar labels for chart axes: $0, $2.50, $15, $1.2k. */
export function usdAxis(value) {
  if (value === 0) return '$0';
  if (Math.abs(value) >= 1000) return `$${(value / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })}k`;
  if (Math.abs(value) >= 10) return `$${value.toLocaleString('en-US', { maximumFractionDigits: 0 })}`;
  if (Math.abs(value) >= 1) return `$${value.toLocaleString('en-US', { maximumFractionDigits: 1 })}`;
  return `$${value.toLocaleString('en-US', { maximumSignificantDigits: 2 })}`;
}

/** A change in percent with its sign: +12.3%, −4.0%. */
export function signedPct(pct) {
  if (pct === null || pct === undefined) return '—';
  const sign = pct > 0 ? '+' : pct < 0 ? '−' : '±';
  return `${sign}${Math.abs(pct).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
}

/** A share in percent: 38.2%. */
export function pct(value, digits = 1) {
  if (value === null || value === undefined) return '—';
  return `${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}%`;
}

export function count(n) {
  return (n ?? 0).toLocaleString('en-US');
}

/** Token counts and other large numbers: 950, 12.3k, 4.1M. */
export function compact(n) {
  const v = n ?? 0;
  if (Math.abs(v) >= 1e9) return `${trim(v / 1e9)}B`;
  if (Math.abs(v) >= 1e6) return `${trim(v / 1e6)}M`;
  if (Math.abs(v) >= 1e4) return `${trim(v / 1e3)}k`;
  return count(v);
}

function trim(x) {
  return x.toLocaleString('en-US', { maximumFractionDigits: x >= 100 ? 0 : 1 });
}

/** "Nov 22" for a YYYY-MM-DD day. */
export function dayLabel(date) {
  const [, m, d] = date.split('-').map(Number);
  return `${MONTHS[m - 1]} ${d}`;
}

/** "Nov 22, 07:51 UTC" for an ISO instant. */
export function utcDateTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${two(d.getUTCHours())}:${two(d.getUTCMinutes())} UTC`;
}

/** "07:51:20 UTC" for an instant in ms. */
export function utcClock(ms) {
  const d = new Date(ms);
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC`;
}

function two(n) {
  return String(n).padStart(2, '0');
}

/** 850 ms, 3.8 s, 1m 23s, 2h 05m. */
export function duration(ms) {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes}m ${two(Math.floor((ms % 60_000) / 1000))}s`;
  return `${Math.floor(minutes / 60)}h ${two(minutes % 60)}m`;
}

/** "just now", "5 min ago", "3 h ago", "2 days ago". */
export function ago(iso, nowMs) {
  const seconds = Math.max(0, (nowMs - Date.parse(iso)) / 1000);
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  const days = Math.floor(seconds / 86_400);
  return days === 1 ? 'yesterday' : `${days} days ago`;
}

/** Today's UTC day, YYYY-MM-DD. */
export function utcToday(nowMs) {
  return new Date(nowMs).toISOString().slice(0, 10);
}

export function addDays(date, days) {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
