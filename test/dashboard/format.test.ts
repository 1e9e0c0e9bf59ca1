import { describe, expect, it } from 'vitest';
import { ago, compact, dayLabel, duration, signedPct, usd, usdAxis, utcDateTime } from '../../src/dashboard/static/format.js';

describe('dashboard formatting', () => {
  it.each([
    [0, '$0.00'],
    [1234.5678, '$1,234.57'],
    [0.1, '$0.10'],
    [0.0588158, '$0.0588'],
    [0.00374, '$0.00374'],
    [0.000000123, '$0.000000123'],
    [-2.5, '-$2.50'],
    [null, '—'],
  ])('usd(%s) is %s', (value, text) => {
    expect(usd(value)).toBe(text);
  });

  it('labels axes, changes, counts and durations briefly', () => {
    expect([0, 0.5, 2.5, 15, 1500].map(usdAxis)).toEqual(['$0', '$0.5', '$2.5', '$15', '$1.5k']);
    expect([12.345, -4, 0, null].map(signedPct)).toEqual(['+12.3%', '−4.0%', '±0.0%', '—']);
    expect([950, 12_300, 4_100_000].map(compact)).toEqual(['950', '12.3k', '4.1M']);
    expect([850, 3_800, 83_000, 7_500_000].map(duration)).toEqual(['850 ms', '3.8 s', '1m 23s', '2h 05m']);
  });

  it('says UTC on every time it shows', () => {
    expect(utcDateTime('2026-11-22T07:51:20.123Z')).toBe('Nov 22, 07:51 UTC');
    expect(dayLabel('2026-01-05')).toBe('Jan 5');
    const now = Date.parse('2026-11-22T12:00:00Z');
    expect(['2026-11-22T11:59:30Z', '2026-11-22T11:55:00Z', '2026-11-22T09:00:00Z', '2026-11-21T10:00:00Z', '2026-11-18T12:00:00Z'].map((iso) => ago(iso, now)))
      .toEqual(['just now', '5 min ago', '3 h ago', 'yesterday', '4 days ago']);
  });
});
