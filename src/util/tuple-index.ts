export type KeyPart = string | number;

/**
 * Rows found by a tuple of key parts, one Map level a part: per-call look-ups (roll-up rows,
 * budget usage cells) without building a key string each time (measured: ~0.6 KB of garbage a
 * call for the roll-up keys alone). Parts are compared as Map keys (SameValueZero).
 */
export class TupleIndex<Row> {
  private readonly root = new Map<KeyPart, unknown>();
  readonly rows: Row[] = [];

  get size(): number {
    return this.rows.length;
  }

  find(tuple: readonly KeyPart[]): Row | undefined {
    let level: unknown = this.root;
    for (const part of tuple) {
      level = (level as Map<KeyPart, unknown>).get(part);
      if (level === undefined) return undefined;
    }
    return level as Row;
  }

  add(tuple: readonly KeyPart[], row: Row): void {
    let level = this.root;
    for (let i = 0; i < tuple.length - 1; i++) {
      let next = level.get(tuple[i]!) as Map<KeyPart, unknown> | undefined;
      if (next === undefined) level.set(tuple[i]!, (next = new Map()));
      level = next;
    }
    level.set(tuple[tuple.length - 1]!, row);
    this.rows.push(row);
  }
}
