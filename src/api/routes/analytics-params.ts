import type { Request } from 'express';
import type { CallFilters } from '../../analytics/usage-scope.js';
import { addDays, isValidDate, startOfLocalDay } from '../../util/time.js';
import { badRequest } from '../errors.js';
import { stringParam, type TimeWindow } from '../params.js';

type Query = Request['query'];

/** The call filters every usage endpoint takes: agent, provider, model, category, task_type, session_id, run_id. */
export function callFilters(query: Query): CallFilters {
  const filters: CallFilters = {};
  const set = <K extends keyof CallFilters>(key: K, param: string) => {
    const value = stringParam(query, param);
    if (value !== undefined) filters[key] = value;
  };
  set('agent', 'agent');
  set('provider', 'provider');
  set('model', 'model');
  set('category', 'category');
  set('taskType', 'task_type');
  set('sessionId', 'session_id');
  set('runId', 'run_id');
  return filters;
}

/** How an answer states the window it covers. */
export function windowFields(w: TimeWindow) {
  return {
    period: w.period,
    start_date: w.startDate,
    end_date: w.endDate,
    tz: w.tz,
    start_time: new Date(w.startMs).toISOString(),
    end_time: new Date(w.endMs).toISOString(),
  };
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An instant given as an ISO 8601 timestamp with its zone, or as a day YYYY-MM-DD: the day's
 * start in `tz`, or with `dayEnd` the next day's start (so `to=2025-01-31` includes the 31st).
 */
export function instantParam(query: Query, name: string, tz: string, dayEnd = false): number | undefined {
  const value = stringParam(query, name);
  if (value === undefined) return undefined;
  if (isValidDate(value)) return startOfLocalDay(dayEnd ? addDays(value, 1) : value, tz);
  const ms = ISO_INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw badRequest(`parameter "${name}" must be a date YYYY-MM-DD or an ISO 8601 time with zone, e.g. 2025-01-31T12:00:00Z; got "${value}"`);
  return ms;
}
