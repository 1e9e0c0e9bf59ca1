import { MS_PER_DAY } from '../../util/time.js';

/** The trailing window an analysis covers: [startMs, endMs), `days` long. */
export interface Lookback {
  startMs: number;
  endMs: number;
  days: number;
}

export function lookbackOf(nowMs: number, days: number): Lookback {
  return { startMs: nowMs - days * MS_PER_DAY, endMs: nowMs, days };
}

export function lookbackJson(l: Lookback) {
  return { lookback_days: l.days, start_time: new Date(l.startMs).toISOString(), end_time: new Date(l.endMs).toISOString() };
}
