import { KEY_WORDS, hashKey, sameKey, slotCount } from '../../util/span-key.js';

/**
 * The span keys (trace id + span id, 192 bits) of the calls and activity committed most recently,
 * so that a group commit can tell a resent span without asking DuckDB.
 *
 * Why: de-duplicating in SQL (an anti-join of the staged rows against llm_calls_raw restricted to
 * the batch's start_time range) scans every stored row whose start_time falls in that range; live
 * spans all start within the last seconds, so under load each commit scanned every row written
 * in those seconds, and the cost grew with the ingest rate. With this set, the anti-join only has
 * to consider rows *not* represented here: rows with commit_seq below `watermark`, and only for
 * staged calls that could match one of them (start_time ≤ `maxStartBelow` + 1 ms). Resent spans
 * keep their start_time, so for live traffic that is usually none and the query is skipped; when
 * it runs, zone maps on the monotonic commit_seq column skip the recent row groups.
 *
 * Bounded memory: two generations of fixed-size open-addressing tables (24 bytes a key, half
 * full at most); when the current one is full the older one is dropped and the watermark moves
 * up past it. Nothing here is needed for correctness after a restart: start-up reloads the keys
 * of the latest rows, and rows below the watermark are always checked in the database.
 */
export class RecentKeys {
  private current: KeyTable;
  private previous: KeyTable | undefined;
  /** Every stored row with commit_seq ≥ watermark has its key here. */
  watermark = 0;
  /** Latest start_time (µs) of a stored row with commit_seq < watermark; -Infinity if none. */
  maxStartBelow = -Infinity;

  constructor(readonly capacity: number) {
    this.current = new KeyTable(capacity);
  }

  /** Whether the key at `keys[at..at + 6]` is held. */
  has(keys: Uint32Array, at: number): boolean {
    return this.current.has(keys, at) || (this.previous?.has(keys, at) ?? false);
  }

  /**
   * Records the keys of the rows one commit stored with commit_seq `seq` (call after it commits,
   * in commit order). Each generation holds whole commits, so the watermark stays exact.
   */
  addCommit(keys: Uint32Array, seq: number, maxStartUs: number): void {
    const n = keys.length / KEY_WORDS;
    if (n > this.capacity) {
      // Larger than a generation (not with the exporter's group limit): forget everything.
      this.forgetAll(seq + 1, Math.max(maxStartUs, this.current.maxStartUs, this.previous?.maxStartUs ?? -Infinity));
      return;
    }
    if (this.current.size + n > this.capacity) this.rotate();
    const table = this.current;
    if (table.size === 0) table.firstSeq = seq;
    for (let at = 0; at < keys.length; at += KEY_WORDS) table.add(keys, at);
    if (maxStartUs > table.maxStartUs) table.maxStartUs = maxStartUs;
  }

  /** Sets the state start-up found: rows below `watermark` are not loaded; the loaded ones follow via addCommit. */
  reset(watermark: number, maxStartBelow: number): void {
    this.forgetAll(watermark, maxStartBelow);
  }

  get size(): number {
    return this.current.size + (this.previous?.size ?? 0);
  }

  private rotate(): void {
    const dropped = this.previous;
    this.previous = this.current;
    this.watermark = this.previous.firstSeq;
    if (dropped) {
      if (dropped.maxStartUs > this.maxStartBelow) this.maxStartBelow = dropped.maxStartUs;
      dropped.clear();
      this.current = dropped;
    } else {
      this.current = new KeyTable(this.capacity);
    }
  }

  private forgetAll(watermark: number, maxStartBelow: number): void {
    this.current.clear();
    this.previous = undefined;
    this.watermark = watermark;
    this.maxStartBelow = maxStartBelow;
  }
}

/** Open addressing with linear probing over typed arrays: no per-key objects for the GC. */
export class KeyTable {
  private readonly mask: number;
  private readonly words: Uint32Array;
  private readonly used: Uint8Array;
  size = 0;
  firstSeq = 0;
  maxStartUs = -Infinity;

  constructor(capacity: number) {
    const slots = slotCount(capacity);
    this.mask = slots - 1;
    this.words = new Uint32Array(slots * KEY_WORDS);
    this.used = new Uint8Array(slots);
  }

  /** The slot holding the key, or the empty slot where it would go (as -1 - slot). */
  private find(k: Uint32Array, a: number): number {
    const { words, used, mask } = this;
    let s = hashKey(k, a) & mask;
    for (; used[s] === 1; s = (s + 1) & mask) {
      if (sameKey(words, s * KEY_WORDS, k, a)) return s;
    }
    return -1 - s;
  }

  has(k: Uint32Array, a: number): boolean {
    return this.find(k, a) >= 0;
  }

  /** Adds the key; false when it was already held. */
  add(k: Uint32Array, a: number): boolean {
    const found = this.find(k, a);
    if (found >= 0) return false;
    const s = -1 - found;
    this.used[s] = 1;
    const o = s * KEY_WORDS;
    for (let i = 0; i < KEY_WORDS; i++) this.words[o + i] = k[a + i]!;
    this.size++;
    return true;
  }

  clear(): void {
    if (this.size > 0) this.used.fill(0);
    this.size = 0;
    this.firstSeq = 0;
    this.maxStartUs = -Infinity;
  }
}
