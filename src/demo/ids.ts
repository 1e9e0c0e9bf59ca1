import type { IdGenerator } from '@opentelemetry/sdk-trace-base';
import { localDate } from '../util/time.js';
import { Random } from './random.js';

/** A 32-bit seed for ids from the user's seed and today's UTC date (see planDemo). */
export function idSeed(seed: number, nowMs: number): number {
  const day = Number(localDate(nowMs, 'UTC').replaceAll('-', ''));
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(day, 0xc2b2ae35)) >>> 0;
}

/** Trace and span ids from a seeded source, so the same plan produces the same spans. */
export class SeededIdGenerator implements IdGenerator {
  private readonly rng: Random;

  constructor(seed: number) {
    this.rng = new Random(seed);
  }

  generateTraceId(): string {
    return nonZero(() => this.rng.hex(32));
  }

  generateSpanId(): string {
    return nonZero(() => this.rng.hex(16));
  }
}

/** An all-zero id is invalid in OpenTelemetry. */
function nonZero(draw: () => string): string {
  for (;;) {
    const id = draw();
    if (/[^0]/.test(id)) return id;
  }
}
