import type { Request } from 'express';
import { addDays, daysBetween, isValidDate, isValidTimeZone, isoWeekday, localDate, startOfLocalDay } from '../util/time.js';
import { badRequest } from './errors.js';

export const PERIODS = ['today', 'yesterday', 'week', 'month', 'all_time'] as const;
export type Period = (typeof PERIODS)[number];

/**
 * A half-open window [startMs, endMs) plus the inclusive calendar days it covers in `tz`.
 * Periods are calendar periods to date: today, yesterday, week (ISO week from Monday),
 * month (from the 1st), all_time.
 */
export interface TimeWindow {
  period: Period | null;
  tz: string;
  startDate: string;
  endDate: string;
  startMs: number;
  endMs: number;
}

type Query = Request['query'];

function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badRequest(`parameter "${name}" must be given once, as text`);
  return value;
}

export function stringParam(query: Query, name: string): string | undefined {
  const value = single(query, name);
  return value === '' ? undefined : value;
}

export function enumParam<T extends string>(query: Query, name: string, allowed: readonly T[], fallback: T): T;
export function enumParam<T extends string>(query: Query, name: string, allowed: readonly T[]): T | undefined;
export function enumParam<T extends string>(query: Query, name: string, allowed: readonly T[], fallback?: T): T | undefined {
  const value = stringParam(query, name);
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw badRequest(`parameter "${name}" must be one of ${allowed.join(', ')}; got "${value}"`);
  }
  return value as T;
}

export function numberParam(query: Query, name: string, opts: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
  const raw = stringParam(query, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || (opts.integer && !Number.isInteger(value))) {
    throw badRequest(`parameter "${name}" must be ${opts.integer ? 'an integer' : 'a number'}; got "${raw}"`);
  }
  if (opts.min !== undefined && value < opts.min) throw badRequest(`parameter "${name}" must be at least ${opts.min}; got ${raw}`);
  if (opts.max !== undefined && value > opts.max) throw badRequest(`parameter "${name}" must be at most ${opts.max}; got ${raw}`);
  return value;
}

export function dateParam(query: Query, name: string): string | undefined {
  const value = stringParam(query, name);
  if (value !== undefined && !isValidDate(value)) throw badRequest(`parameter "${name}" must be a date YYYY-MM-DD; got "${value}"`);
  return value;
}

export function timeZoneParam(query: Query, fallback = 'UTC'): string {
  const tz = stringParam(query, 'tz') ?? fallback;
  if (!isValidTimeZone(tz)) throw badRequest(`parameter "tz" must be an IANA time zone such as UTC or Europe/Paris; got "${tz}"`);
  return tz;
}

/** Earliest day all_time reaches back to; far enough for any stored call. */
const ALL_TIME_START = '2000-01-01';

export function periodWindow(period: Period, tz: string, nowMs: number): TimeWindow {
  const today = localDate(nowMs, tz);
  const range: Record<Period, [string, string]> = {
    today: [today, today],
    yesterday: [addDays(today, -1), addDays(today, -1)],
    week: [addDays(today, 1 - isoWeekday(today)), today],
    month: [`${today.slice(0, 8)}01`, today],
    all_time: [ALL_TIME_START, today],
  };
  const [startDate, endDate] = range[period];
  return daysWindow(startDate, endDate, tz, period);
}

export function daysWindow(startDate: string, endDate: string, tz: string, period: Period | null = null): TimeWindow {
  return { period, tz, startDate, endDate, startMs: startOfLocalDay(startDate, tz), endMs: startOfLocalDay(addDays(endDate, 1), tz) };
}

/** The window of the same length that ends where `w` starts (for "vs previous period"). */
export function previousWindow(w: TimeWindow): TimeWindow {
  const days = daysBetween(w.startDate, w.endDate) + 1;
  return daysWindow(addDays(w.startDate, -days), addDays(w.startDate, -1), w.tz);
}

/**
 * Reads `period` or `start_date`/`end_date` (inclusive) and `tz`. With neither, `defaultPeriod`.
 */
export function timeWindowParams(query: Query, nowMs: number, defaultPeriod: Period = 'month'): TimeWindow {
  const tz = timeZoneParam(query);
  const period = enumParam(query, 'period', PERIODS);
  const startDate = dateParam(query, 'start_date');
  const endDate = dateParam(query, 'end_date');
  if (period && (startDate || endDate)) throw badRequest('give either "period" or "start_date"/"end_date", not both', 'invalid_parameter');
  if (startDate || endDate) {
    const start = startDate ?? ALL_TIME_START;
    const end = endDate ?? localDate(nowMs, tz);
    if (end < start) throw badRequest(`parameter "end_date" (${end}) is before "start_date" (${start})`);
    return daysWindow(start, end, tz);
  }
  return periodWindow(period ?? defaultPeriod, tz, nowMs);
}

export interface Page {
  limit: number;
  offset: number;
}

export function pageParams(query: Query, defaults: { limit: number; maxLimit: number } = { limit: 100, maxLimit: 500 }): Page {
  return {
    limit: numberParam(query, 'limit', { min: 1, max: defaults.maxLimit, integer: true }) ?? defaults.limit,
    offset: numberParam(query, 'offset', { min: 0, integer: true }) ?? 0,
  };
}

export function paged<T>(data: T[], total: number, page: Page) {
  return { data, pagination: { total, limit: page.limit, offset: page.offset, has_more: page.offset + data.length < total } };
}
