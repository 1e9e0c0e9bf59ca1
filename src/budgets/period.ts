import { addDays, daysBetween, isoWeekday, localDate, startOfLocalDay } from '../util/time.js';
import type { CalendarPeriod } from './model/budget.js';

/** One calendar period of a budget: [startMs, endMs) in UTC, and a key unique to it. */
export interface PeriodWindow {
  /** 2026-11-20 (daily), 2026-W47 (ISO week), 2026-11 (monthly). */
  key: string;
  startMs: number;
  endMs: number;
}

const HOUR_MS = 3_600_000;

/**
 * The first instant of local day `date` in `tz`. startOfLocalDay is right unless a DST change
 * happens at midnight (the day then starts at 01:00, or midnight comes twice); then the start is
 * found by bisection, which needs only that local dates do not go backwards.
 */
export function dayStart(date: string, tz: string): number {
  const guess = startOfLocalDay(date, tz);
  if (localDate(guess, tz) === date && localDate(guess - 1, tz) < date) return guess;
  let before = Date.parse(`${date}T00:00:00Z`) - 15 * HOUR_MS;
  let from = before + 30 * HOUR_MS;
  while (from - before > 1) {
    const mid = Math.floor((before + from) / 2);
    if (localDate(mid, tz) >= date) from = mid;
    else before = mid;
  }
  return from;
}

export function isoWeekKey(date: string): string {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const year = thursday.slice(0, 4);
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function firstOfNextMonth(date: string): string {
  const [y, m] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

export function computePeriod(period: CalendarPeriod, tz: string, ms: number): PeriodWindow {
  const today = localDate(ms, tz);
  switch (period) {
    case 'daily':
      return { key: today, startMs: dayStart(today, tz), endMs: dayStart(addDays(today, 1), tz) };
    case 'weekly': {
      const monday = addDays(today, 1 - isoWeekday(today));
      return { key: isoWeekKey(today), startMs: dayStart(monday, tz), endMs: dayStart(addDays(monday, 7), tz) };
    }
    case 'monthly': {
      const first = `${today.slice(0, 8)}01`;
      return { key: today.slice(0, 7), startMs: dayStart(first, tz), endMs: dayStart(firstOfNextMonth(today), tz) };
    }
  }
}

/**
 * Most instants asked about fall in the period asked about last (calls arrive in order, checks
 * ask about now), so the last window per (period, zone) answers without any Intl formatting.
 */
const lastWindow = new Map<string, PeriodWindow>();

export function calendarPeriod(period: CalendarPeriod, tz: string, ms: number): PeriodWindow {
  const cacheKey = `${period}|${tz}`;
  const cached = lastWindow.get(cacheKey);
  if (cached && ms >= cached.startMs && ms < cached.endMs) return cached;
  const window = computePeriod(period, tz, ms);
  lastWindow.set(cacheKey, window);
  return window;
}
