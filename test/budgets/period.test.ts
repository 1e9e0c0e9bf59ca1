import { describe, expect, it } from 'vitest';
import { computePeriod, dayStart, isoWeekKey } from '../../src/budgets/period.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;

describe('budget periods', () => {
  it('a daily period is the calendar day in the budget time zone', () => {
    // 23:30 UTC on the 20th is already the 21st in Berlin (UTC+1 in November).
    const p = computePeriod('daily', 'Europe/Berlin', at('2026-11-20T23:30:00Z'));
    expect(p).toEqual({ key: '2026-11-21', startMs: at('2026-11-20T23:00:00Z'), endMs: at('2026-11-21T23:00:00Z') });
  });

  it('days that DST shortens or lengthens have 23 and 25 hours', () => {
    const spring = computePeriod('daily', 'America/New_York', at('2026-03-08T12:00:00Z'));
    const fall = computePeriod('daily', 'America/New_York', at('2026-11-01T12:00:00Z'));
    expect((spring.endMs - spring.startMs) / HOUR).toBe(23);
    expect((fall.endMs - fall.startMs) / HOUR).toBe(25);
    expect(iso(spring.startMs)).toBe('2026-03-08T05:00:00.000Z');
    expect(iso(fall.endMs)).toBe('2026-11-02T05:00:00.000Z');
  });

  it('a day whose midnight DST skips starts at 01:00', () => {
    // Chile moves from UTC-4 to UTC-3 at 24:00 on 5 September 2026: the 6th begins at 01:00 local.
    expect(iso(dayStart('2026-09-06', 'America/Santiago'))).toBe('2026-09-06T04:00:00.000Z');
    const p = computePeriod('daily', 'America/Santiago', at('2026-09-06T12:00:00Z'));
    expect((p.endMs - p.startMs) / HOUR).toBe(23);
  });

  it('half- and quarter-hour zones start their day off the hour', () => {
    expect(iso(dayStart('2026-01-01', 'Asia/Kolkata'))).toBe('2025-12-31T18:30:00.000Z');
    expect(iso(dayStart('2026-01-01', 'Asia/Kathmandu'))).toBe('2025-12-31T18:15:00.000Z');
  });

  it('weeks are ISO weeks from Monday, numbered by the ISO week-year', () => {
    expect(isoWeekKey('2026-12-31')).toBe('2026-W53');
    expect(isoWeekKey('2027-01-03')).toBe('2026-W53');
    expect(isoWeekKey('2027-01-04')).toBe('2027-W01');
    expect(isoWeekKey('2024-12-30')).toBe('2025-W01');
    const p = computePeriod('weekly', 'Asia/Tokyo', at('2027-01-01T00:00:00Z'));
    expect(p.key).toBe('2026-W53');
    expect(iso(p.startMs)).toBe('2026-12-27T15:00:00.000Z');
    expect((p.endMs - p.startMs) / HOUR).toBe(7 * 24);
  });

  it('a week spanning a DST change is 167 hours', () => {
    const p = computePeriod('weekly', 'Europe/Paris', at('2026-03-29T12:00:00Z'));
    expect(p.key).toBe('2026-W13');
    expect((p.endMs - p.startMs) / HOUR).toBe(167);
  });

  it('months are calendar months in the zone, across the year end', () => {
    const p = computePeriod('monthly', 'Asia/Tokyo', at('2026-12-31T16:00:00Z'));
    expect(p).toEqual({ key: '2027-01', startMs: at('2026-12-31T15:00:00Z'), endMs: at('2027-01-31T15:00:00Z') });
    const feb = computePeriod('monthly', 'UTC', at('2028-02-15T00:00:00Z'));
    expect((feb.endMs - feb.startMs) / HOUR).toBe(29 * 24);
  });
});
