import { describe, expect, it } from 'vitest';
import { niceTicks } from '../../src/dashboard/static/chart.js';

describe('chart axis', () => {
  it.each([
    [7.7, [0, 2, 4, 6, 8]],
    [0.66, [0, 0.2, 0.4, 0.6, 0.8]],
    [101, [0, 50, 100, 150]],
    [9, [0, 2.5, 5, 7.5, 10]],
    [0, [0, 1]],
  ])('gridlines up to %s are %j', (max, ticks) => {
    expect(niceTicks(max)).toEqual(ticks);
  });
});
