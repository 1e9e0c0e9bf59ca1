import { KEY_WORDS, SpanKeyHash, hashKey, sameKey, slotCount } from '../../util/span-key.js';

/**
 * The span keys (trace id + span id, 192 bits) of the calls and activity committed most recently,
 * so that a group commit can tell a resent span without asking DuckDB.
 *
 * Why: de-duplicating in SQL (an anti-join of the staged rows against llm_calls_raw restricted to
 * the batch's start_time range) scans every stored row whose start_time falls in that range; live
 * spans all start within the last seconds, so under load each commit scanned every row written
 * in those seconds, and the cost grew with the ingest rate. With this set, the anti-join only has
 * to consider rows *not* represented here: rows with commit_seq below `watermark`, and only for
 * staged calls that could match one of them (`mayBeBelow`: started and ended no later than the
 * latest start and the latest end below the watermark, + 1 ms). Resent spans keep their start and
 * end times, so for live traffic that is usually none and the query is skipped; when it runs, zone
 * maps skip the row groups outside its ranges of commit_seq, start_time and end_time.
 *
 * Why end times too: a span is exported when it ends, so rows are stored nearly in end_time order
 * and a row group's end times span seconds, while its start times reach back as far as its
 * longest call. Calls that ran for seconds or minutes (the common case for model calls) started
 * before the latest start below the watermark once the ingest rate outruns a generation's
 * seconds, and the start_time range alone then made every commit scan every row group of those
 * minutes: through a 2M-span load whose calls started up to minutes before they ended, the
 * commit's DuckDB CPU grew from 4.5 to 12 µs a span (2026-12-05).
 *
 * Bounded memory: two generations of fixed-size open-addressing tables of 64-bit fingerprints
 * (8 bytes a key, half full at most); when the current one is full the older one is dropped and
 * the watermark moves up past it. Nothing here is needed for correctness after a restart:
 * start-up reloads the keys of the latest rows, and rows below the watermark are always checked
 * in the database.
 */
export class RecentKeys {
  private current: FingerprintTable;
  private previous: FingerprintTable | undefined;
  /** The fingerprints' two halves: independent random tables, so ids cannot be made to collide. */
  private readonly highHash = new SpanKeyHash();
  private readonly lowHash = new SpanKeyHash();
  /** Every stored row with commit_seq ≥ watermark has its key here. */
  watermark = 0;
  /** Latest start_time and latest end_time (µs) of the stored rows with commit_seq < watermark. */
  latestBelow: Latest = NONE;

  constructor(readonly capacity: number) {
    this.current = new FingerprintTable(capacity);
  }

  /** Whether the key at `keys[at..at + 6]` is held (its fingerprint: see FingerprintTable). */
  has(keys: Uint32Array, at: number): boolean {
    const high = this.highHash.of(keys, at);
    const low = lowWord(this.lowHash, keys, at);
    return this.current.has(high, low) || (this.previous?.has(high, low) ?? false);
  }

  /**
   * Whether a span that started at `startUs` and ended at `endUs` could be one of the stored rows
   * below the watermark (which the database must then be asked about): a resent span keeps both
   * times, so it cannot be if it started or ended later than every one of them.
   */
  mayBeBelow(startUs: number, endUs: number): boolean {
    return startUs - 1000 <= this.latestBelow.startUs && endUs - 1000 <= this.latestBelow.endUs;
  }

  /**
   * Records the keys of the rows one commit stored with commit_seq `seq` (call after it commits,
   * in commit order), and their latest start and end. Each generation holds whole commits, so the
   * watermark stays exact.
   */
  addCommit(keys: Uint32Array, seq: number, latest: Latest): void {
    const n = keys.length / KEY_WORDS;
    if (n > this.capacity) {
      // Larger than a generation (not with the exporter's group limit): forget everything.
      this.forgetAllFrom(seq + 1, latest);
      return;
    }
    if (this.current.size + n > this.capacity) this.rotate();
    const table = this.current;
    if (table.size === 0) table.firstSeq = seq;
    for (let at = 0; at < keys.length; at += KEY_WORDS) table.add(this.highHash.of(keys, at), lowWord(this.lowHash, keys, at));
    table.latest = later(table.latest, latest);
  }

  /**
   * Forgets every key held: rows below `watermark` (all of them) are then asked of the database.
   * For a commit that was remembered but then failed (its keys must not stay), or one too large.
   */
  forgetAllFrom(watermark: number, latest = NONE): void {
    this.forgetAll(watermark, later(later(latest, this.latestBelow), later(this.current.latest, this.previous?.latest ?? NONE)));
  }

  /** Sets the state start-up found: rows below `watermark` are not loaded; the loaded ones follow via addCommit. */
  reset(watermark: number, latestBelow: Latest): void {
    this.forgetAll(watermark, latestBelow);
  }

  get size(): number {
    return this.current.size + (this.previous?.size ?? 0);
  }

  private rotate(): void {
    const dropped = this.previous;
    this.previous = this.current;
    this.watermark = this.previous.firstSeq;
    if (dropped) {
      this.latestBelow = later(this.latestBelow, dropped.latest);
      dropped.clear();
      this.current = dropped;
    } else {
      this.current = new FingerprintTable(this.capacity);
    }
  }

  private forgetAll(watermark: number, latestBelow: Latest): void {
    this.current.clear();
    this.previous = undefined;
    this.watermark = watermark;
    this.latestBelow = latestBelow;
  }
}

/** The latest start_time and the latest end_time (µs) of a set of rows, not necessarily of one row. */
export interface Latest {
  readonly startUs: number;
  readonly endUs: number;
}

/** Of no rows. */
export const NONE: Latest = Object.freeze({ startUs: -Infinity, endUs: -Infinity });

/** Of the rows of both. */
export function later(a: Latest, b: Latest): Latest {
  return { startUs: Math.max(a.startUs, b.startUs), endUs: Math.max(a.endUs, b.endUs) };
}

/**
 * A generation of RecentKeys: open addressing with linear probing over the keys' 64-bit
 * fingerprints (two independent 32-bit tabulation hashes, see SpanKeyHash), two words a slot.
 * The keys themselves took 24 bytes and a used flag a slot: 25 MiB for the two generations,
 * resident under load, of a process whose target is 512 MiB; fingerprints take 8.
 * A new span is taken for a resent one only if its fingerprint equals one of the held ones its
 * probes meet (~2.5 a generation at half full): ~2^-61 a span for the two generations, less than
 * once in 500,000 years at 100,000 spans a second.
 */
class FingerprintTable {
  private readonly mask: number;
  /** The fingerprint's high and low words a slot (signed, as the hash gives them); a low word of 0 marks the slot empty. */
  private readonly words: Int32Array;
  size = 0;
  firstSeq = 0;
  latest = NONE;

  constructor(capacity: number) {
    const slots = slotCount(capacity);
    this.mask = slots - 1;
    this.words = new Int32Array(slots * 2);
  }

  has(high: number, low: number): boolean {
    return this.words[this.find(high, low) * 2 + 1] !== 0;
  }

  /** Adds the fingerprint (a no-op when it is held). */
  add(high: number, low: number): void {
    const s = this.find(high, low);
    if (this.words[s * 2 + 1] !== 0) return;
    this.words[s * 2] = high;
    this.words[s * 2 + 1] = low;
    this.size++;
  }

  clear(): void {
    if (this.size > 0) this.words.fill(0);
    this.size = 0;
    this.firstSeq = 0;
    this.latest = NONE;
  }

  /** The slot holding the fingerprint, or the empty slot where it would go. */
  private find(high: number, low: number): number {
    const { words, mask } = this;
    let s = high & mask;
    while (words[s * 2 + 1] !== 0 && (words[s * 2 + 1] !== low || words[s * 2] !== high)) s = (s + 1) & mask;
    return s;
  }
}

/** The fingerprint's low word: never 0, which marks an empty slot. */
function lowWord(hash: SpanKeyHash, k: Uint32Array, a: number): number {
  return hash.of(k, a) || 1;
}

/**
 * Exact keys, for the spans of one group: open addressing with linear probing over typed arrays,
 * no per-key objects for the GC.
 */
export class KeyTable {
  private readonly mask: number;
  private readonly words: Uint32Array;
  private readonly used: Uint8Array;
  size = 0;

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
}
