import { describe, expect, it } from 'vitest';
import { bindParams, overUsageFacts, withOptionalLines } from '../../src/analytics/named-sql.js';
import { bucketKeys } from '../../src/analytics/time-series.js';
import { chooseSource } from '../../src/analytics/usage-scope.js';
import { startOfLocalDay } from '../../src/util/time.js';

const at = (iso: string) => Date.parse(iso);

describe('chooseSource', () => {
  it('answers from the daily roll-up on UTC days, the hourly one on hours, the calls otherwise', () => {
    expect(chooseSource({}, [at('2026-03-01T00:00:00Z'), at('2026-03-19T00:00:00Z')], 'day')).toBe('daily');
    expect(chooseSource({}, [at('2026-03-01T00:00:00Z'), at('2026-03-19T00:00:00Z')], 'hour')).toBe('hourly');
    expect(chooseSource({}, [at('2026-03-01T05:00:00Z'), at('2026-03-19T04:00:00Z')], 'day')).toBe('hourly');
    expect(chooseSource({}, [at('2026-02-28T18:30:00Z'), at('2026-03-10T18:30:00Z')], 'day')).toBe('raw');
  });

  it('reads the calls for a session or a run, which no roll-up keeps', () => {
    expect(chooseSource({ sessionId: 's' }, [at('2026-03-01T00:00:00Z')], 'day')).toBe('raw');
    expect(chooseSource({ runId: 'r' }, [at('2026-03-01T00:00:00Z')], 'day')).toBe('raw');
  });
});

describe('named SQL', () => {
  it('binds exactly the parameters a statement names', () => {
    expect(bindParams('SELECT $a, $b, $a -- $c\n', { a: 1, b: null, c: 3 })).toEqual({ a: 1, b: null });
    expect(() => bindParams('SELECT $missing', {})).toThrow(/\$missing/);
    // A line marked "only with $x" goes when $x is NULL, and with it the parameter it binds.
    const sql = 'SELECT * FROM t\nWHERE a = $a\n  AND b = $b -- only with $b\nORDER BY\n  c DESC, -- only with $by_c\n  d';
    expect(withOptionalLines(sql, { a: 1, b: null, by_c: true })).toBe('SELECT * FROM t\nWHERE a = $a\n\nORDER BY\n  c DESC, -- only with $by_c\n  d');
    expect(bindParams(withOptionalLines(sql, { a: 1, b: 2, by_c: null }), { a: 1, b: 2, by_c: null })).toEqual({ a: 1, b: 2 });
  });

  it('puts usage_facts in front of a shape query, merging its own WITH', () => {
    const sql = overUsageFacts('usage_breakdown');
    expect(sql.startsWith('WITH usage_facts AS (')).toBe(true);
    expect(sql).toMatch(/\),\s*grouped AS \(/);
    expect(sql).not.toMatch(/;\s*\)/);
  });
});

describe('bucketKeys', () => {
  it('lists every local day, and the UTC hours of a window', () => {
    const w = { tz: 'Europe/London', startDate: '2026-03-28', endDate: '2026-03-30', startMs: startOfLocalDay('2026-03-28', 'Europe/London'), endMs: startOfLocalDay('2026-03-31', 'Europe/London') };
    expect(bucketKeys('day', w)).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
    // 29 March 2026 is the spring-forward day in London: 23 hours.
    expect(bucketKeys('hour', w)).toHaveLength(24 + 23 + 24);
    expect(bucketKeys('hour_of_day', w)).toHaveLength(24);
  });
});
