import v8 from 'node:v8';
import type { Component } from '../pipeline/component.js';

/** `service.memory` of otel-config.yaml. */
export interface MemorySteeringConfig {
  /** Resident memory the process should stay under; 0 turns steering off. */
  soft_limit_mib: number;
  check_interval_ms: number;
}

/**
 * How eagerly V8 collects its old generation, by how close resident memory is to the soft limit:
 * `growingPercent` is V8's --heap-growing-percent (the old generation may grow by that much over
 * its live size before the next full collection; 0 leaves V8 its own factor, up to 4×).
 */
export interface SteeringLevel {
  name: 'relaxed' | 'moderate' | 'tight';
  /** Enter the level at this share of the soft limit. */
  enterAt: number;
  growingPercent: number;
}

/**
 * Measured here with the bench load (16 senders of 512-span batches): left alone V8 lets its heap
 * reach ~200 MiB for ~70 MiB of live objects (the spans of in-flight requests outlive two
 * scavenges and die in the old generation), and the process peaks at 550–620 MiB. At 60% growth
 * the peak was 480–500 MiB for a few percent of throughput (full collections of the ~70 MiB live
 * heap take ~25 ms); 30% cut more and cost ~15%. So the heap is held tighter only as memory nears
 * the limit, and not at all far from it. The flag is process-wide: on the main thread's small heap
 * (~30 MiB live) any growing percent makes V8 start marking every 100–200 ms (25–48 full
 * collections in a 460k-span load instead of 2, ~10% less throughput, 2026-12-05), while the heap
 * it is meant for is the processing thread's. A cap on that thread's old generation instead
 * (Worker resourceLimits) peaked 30–50 MiB higher through the bench's overload.
 */
export const STEERING_LEVELS: readonly SteeringLevel[] = [
  { name: 'relaxed', enterAt: 0, growingPercent: 0 },
  { name: 'moderate', enterAt: 0.6, growingPercent: 60 },
  { name: 'tight', enterAt: 0.85, growingPercent: 25 },
];

/** A level is left only this far (share of the limit) below where it was entered, so it does not flap. */
const HYSTERESIS = 0.05;

/** The level for `rssBytes`, given the current one (hysteresis on the way down). */
export function steeringLevel(rssBytes: number, limitBytes: number, current: SteeringLevel = STEERING_LEVELS[0]!): SteeringLevel {
  const share = rssBytes / limitBytes;
  let next = STEERING_LEVELS[0]!;
  for (const level of STEERING_LEVELS) {
    const threshold = level.enterAt <= current.enterAt ? level.enterAt - HYSTERESIS : level.enterAt;
    if (share >= threshold) next = level;
  }
  return next;
}

/**
 * Keeps the process under a soft memory limit the way GOMEMLIMIT does for the Go runtime that
 * runs the OpenTelemetry Collector: the closer resident memory gets to the limit, the more eagerly
 * the JavaScript heap is collected. It never refuses data: back-pressure (429 / RESOURCE_EXHAUSTED)
 * comes from the exporter's bounded queue, which is what bounds the spans held in memory.
 *
 * V8 reads --heap-growing-percent each time it sizes the old generation after a full collection,
 * so setting it at run time takes effect from the next one (measured: peak RSS follows it).
 */
export class HeapSteering implements Component {
  private timer: NodeJS.Timeout | undefined;
  private current: SteeringLevel = STEERING_LEVELS[0]!;
  /** Set when V8 refused the flag: steering stays off from then on. */
  private refused = false;
  /** Level changes since start-up (the /metrics counter). */
  changes = 0;

  constructor(
    private readonly config: MemorySteeringConfig,
    private readonly readRss: () => number = () => process.memoryUsage.rss(),
    private readonly setGrowingPercent: (percent: number) => void = (percent) => v8.setFlagsFromString(`--heap-growing-percent=${percent}`),
  ) {}

  get level(): SteeringLevel {
    return this.current;
  }

  get limitBytes(): number {
    return this.config.soft_limit_mib * 1024 * 1024;
  }

  async start(): Promise<void> {
    if (this.config.soft_limit_mib === 0 || this.timer || this.refused) return;
    this.timer = setInterval(() => this.check(), this.config.check_interval_ms);
    this.timer.unref();
    this.check();
  }

  /**
   * Measures once and moves to the level the measurement calls for. A runtime whose V8 refuses the
   * flag (it runs on a timer: it must never throw) is left to its defaults, said once.
   */
  check(): void {
    if (this.refused) return;
    const next = steeringLevel(this.readRss(), this.limitBytes, this.current);
    if (next === this.current) return;
    try {
      this.setGrowingPercent(next.growingPercent);
    } catch (error) {
      this.refused = true;
      this.stop();
      console.error('tokentally: memory steering is off: V8 refused --heap-growing-percent:', (error as Error).message);
      return;
    }
    this.current = next;
    this.changes++;
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  async shutdown(): Promise<void> {
    this.stop();
    if (this.current !== STEERING_LEVELS[0]) this.setGrowingPercent(0);
    this.current = STEERING_LEVELS[0]!;
  }
}
