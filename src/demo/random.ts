/**
 * A seeded pseudo-random source (mulberry32): the same seed gives the same fleet history, so
 * `tokentally demo --seed N` is reproducible and tests can state exact expectations.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** An item drawn with the given weights (any positive scale). */
  weighted<T>(items: readonly (readonly [item: T, weight: number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [item, w] of items) {
      x -= w;
      if (x < 0) return item;
    }
    return items[items.length - 1]![0];
  }

  /** An integer count from a (min, max) range, skewed towards the middle (sum of two draws). */
  tokens([min, max]: readonly [number, number]): number {
    return Math.round(min + ((this.next() + this.next()) / 2) * (max - min));
  }

  /** `n` random lowercase hex digits. */
  hex(n: number): string {
    let out = '';
    while (out.length < n) out += Math.floor(this.next() * 0x1_0000_0000).toString(16).padStart(8, '0');
    return out.slice(0, n);
  }
}
