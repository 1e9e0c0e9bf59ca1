import { describe, expect, it } from 'vitest';
import { cpuSeconds } from '../../src/bench/server-process.js';

describe.runIf(process.platform === 'linux')('cpuSeconds', () => {
  it("reads a process's CPU time from /proc and sees it grow with work", () => {
    const before = cpuSeconds(process.pid)!;
    // Busy until Node's own count says 0.3 s of CPU went by (wall time would depend on the machine's load).
    const start = process.cpuUsage();
    let x = 0;
    while ((({ user, system }) => user + system)(process.cpuUsage(start)) < 300_000) x += Math.sqrt(x + 1);
    const after = cpuSeconds(process.pid)!;
    expect(before).toBeGreaterThan(0);
    // /proc counts in 1/100 s ticks, and other threads of this process may add to it.
    expect(after - before).toBeGreaterThanOrEqual(0.28);
    expect(x).toBeGreaterThan(0);
  });

  it('is undefined for a process that is not there', () => {
    expect(cpuSeconds(2 ** 22 + 12_345)).toBeUndefined();
  });
});
