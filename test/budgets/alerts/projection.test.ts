import { describe, expect, it } from 'vitest';
import { project } from '../../../src/budgets/alerts/projection.js';

const USD = 1_000_000_000;
const H = 3_600_000;
const day = Date.parse('2026-11-20T00:00:00Z');

describe('projection', () => {
  it('extrapolates the average rate since the period started to its end', () => {
    const p = project(6 * USD, 20 * USD, day, day + 24 * H, day + 6 * H);
    expect(p).toEqual({ rateNanosPerHour: USD, estimatedTotalNanos: 24 * USD, hoursUntilDepleted: 14, willExceed: true });
  });

  it('says nothing will run out when nothing is spent', () => {
    expect(project(0, 20 * USD, day, day + 24 * H, day + 6 * H)).toEqual({ rateNanosPerHour: 0, estimatedTotalNanos: 0, hoursUntilDepleted: null, willExceed: false });
  });

  it('damps the first minutes of a period', () => {
    const p = project(USD, 100 * USD, day, day + 24 * H, day + 60_000);
    expect(p.rateNanosPerHour).toBe(4 * USD);
  });

  it('has no end date for a run, and reports an exhausted budget as depleted now', () => {
    const p = project(3 * USD, 2 * USD, day, null, day + 2 * H);
    expect(p).toEqual({ rateNanosPerHour: 1.5 * USD, estimatedTotalNanos: null, hoursUntilDepleted: 0, willExceed: true });
  });
});
