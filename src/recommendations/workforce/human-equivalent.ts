import { addDays, daysBetween } from '../../util/time.js';

function daysInMonth(yearMonth: string): number {
  const [y, m] = yearMonth.split('-').map(Number);
  return new Date(Date.UTC(y!, m!, 0)).getUTCDate();
}

/** The last day (YYYY-MM-DD) of a month (YYYY-MM). */
export function monthEnd(yearMonth: string): string {
  return `${yearMonth}-${String(daysInMonth(yearMonth)).padStart(2, '0')}`;
}

/**
 * The part of a monthly amount that the days `from` to `to` (YYYY-MM-DD, inclusive) account for:
 * each day is worth 1/(days of its month), so a whole calendar month is the monthly amount
 * exactly and month-to-date is its share. Nano-dollars; 0 when `to` is before `from`.
 */
export function proratedNanos(monthlyNanos: number, from: string, to: string): number {
  let total = 0;
  let day = from;
  while (day <= to) {
    const month = day.slice(0, 7);
    const end = monthEnd(month);
    const last = end < to ? end : to;
    total += (monthlyNanos * (daysBetween(day, last) + 1)) / daysInMonth(month);
    day = addDays(last, 1);
  }
  return Math.round(total);
}
