import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { HeapSteering, STEERING_LEVELS, steeringLevel } from '../../src/service/heap-steering.js';

const MiB = 2 ** 20;
const levelAt = (rssMiB: number, from?: string) =>
  steeringLevel(rssMiB * MiB, 512 * MiB, STEERING_LEVELS.find((l) => l.name === from)).name;

describe('heap steering: the JS heap is collected more eagerly as RSS nears service.memory.soft_limit_mib', () => {
  it('picks the level by the share of the limit, and leaves a level only 5% below where it was entered', () => {
    expect(levelAt(200)).toBe('relaxed');
    expect(levelAt(308)).toBe('moderate'); // 60% of 512 MiB
    expect(levelAt(436)).toBe('tight'); // 85%
    expect(levelAt(600)).toBe('tight');
    // Hysteresis: no flapping around a threshold.
    expect(levelAt(300, 'moderate')).toBe('moderate');
    expect(levelAt(280, 'moderate')).toBe('relaxed');
    expect(levelAt(420, 'tight')).toBe('tight');
    expect(levelAt(400, 'tight')).toBe('moderate');
    expect(levelAt(100, 'tight')).toBe('relaxed');
  });

  it('follows the measured RSS on each check and counts the changes', async () => {
    let rss = 100 * MiB;
    const steering = new HeapSteering({ soft_limit_mib: 512, check_interval_ms: 60_000 }, () => rss);
    await steering.start();
    try {
      expect(steering.level.name).toBe('relaxed');
      rss = 450 * MiB;
      steering.check();
      expect(steering.level.name).toBe('tight');
      rss = 350 * MiB;
      steering.check();
      expect(steering.level.name).toBe('moderate');
      steering.check();
      expect(steering.changes).toBe(2);
    } finally {
      await steering.shutdown();
    }
    expect(steering.level.name).toBe('relaxed');
  });

  it('turns itself off, without throwing, when V8 refuses the flag', async () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.join(' '));
    const steering = new HeapSteering({ soft_limit_mib: 64, check_interval_ms: 60_000 }, () => 500 * MiB, () => {
      throw new Error('flags are frozen');
    });
    try {
      await steering.start();
      expect(steering.level.name).toBe('relaxed');
      expect(steering.changes).toBe(0);
      steering.check();
      expect(errors).toEqual([expect.stringContaining('memory steering is off: V8 refused --heap-growing-percent: flags are frozen')]);
    } finally {
      console.error = original;
      await steering.shutdown();
    }
  });

  it('is off with soft_limit_mib 0: start() measures nothing', async () => {
    let reads = 0;
    const steering = new HeapSteering({ soft_limit_mib: 0, check_interval_ms: 50 }, () => ++reads * 1e12);
    await steering.start();
    await steering.shutdown();
    expect(reads).toBe(0);
    expect(steering.level.name).toBe('relaxed');
  });

  // Two real processes churn the same objects; only the limit differs. A 64 MiB limit is below
  // any Node process's RSS, so that one runs tight the whole time.
  it('keeps the heap of a process that churns long-lived objects far smaller than V8 left alone', async () => {
    const churn = async (limitMiB: number) => {
      const { stdout } = await promisify(execFile)(process.execPath, [join(import.meta.dirname, 'fixtures', 'heap-churn.mjs'), String(limitMiB)]);
      return JSON.parse(stdout) as { peakHeapMiB: number; level: string };
    };
    const [alone, steered] = await Promise.all([churn(0), churn(64)]);
    expect(alone.level).toBe('relaxed');
    expect(steered.level).toBe('tight');
    expect(steered.peakHeapMiB).toBeLessThan(alone.peakHeapMiB * 0.7);
  }, 60_000);
});
