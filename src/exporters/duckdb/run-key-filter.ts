import { DuckDBBlobValue, type DuckDBConnection } from '@duckdb/node-api';
import { namedQuery } from '../../storage/reader.js';

/** The key of a runs row (tenant, run_id) in a RunKeyFilter. */
export const runKey = (tenant: string, runId: string): string => `${tenant}\u0000${runId}`;
/** The key of a run_agents row (tenant, run_id, agent). */
export const runAgentKey = (tenant: string, runId: string, agent: string): string => `${tenant}\u0000${runId}\u0000${agent}`;

/** Bits a key: ~0.8% false positives at capacity, 1.25 bytes a key. */
const BITS_PER_KEY = 10;
const PROBES = 7;
/** Between the keys of a list (write/run_key_lists.sql): chr(1). */
const SEPARATOR = '\u0001';
/** Rows of each table a query of the load reads: a few MB of keys, within even a small buffer pool. */
const LOAD_RANGE_ROWS = 32_768;
/** From how many keys a load that reads them all says so at start-up. */
const ANNOUNCED_LOAD_KEYS = 1_000_000;
/** Bytes of a filter's bits a row of run_key_filter holds (migration 014). */
const SAVED_ROW_BYTES = 1 << 20;
/** The first filter's capacity however small the file (16 Mibit: 2 MiB). */
const MIN_CAPACITY = 1 << 20;
/** The largest filter's (2^30 bits, 128 MiB): bit positions stay within 32-bit integer arithmetic. */
const MAX_CAPACITY = 1 << 26;

/** A Bloom filter: one fixed-size bit array that says "maybe" for every key added. */
class BloomFilter {
  readonly words: Uint32Array;
  private readonly mask: number;

  constructor(
    readonly capacity: number,
    public count = 0,
  ) {
    this.words = new Uint32Array(bitsOf(capacity) >>> 5);
    this.mask = bitsOf(capacity) - 1;
  }

  /** Its bits as bytes, to save and restore. */
  get bytes(): Uint8Array {
    return new Uint8Array(this.words.buffer, this.words.byteOffset, this.words.byteLength);
  }

  add(h1: number, h2: number): void {
    for (let i = 0, h = h1; i < PROBES; i++, h = (h + h2) | 0) {
      const bit = h & this.mask;
      this.words[bit >>> 5]! |= 1 << (bit & 31);
    }
    this.count++;
  }

  mayHave(h1: number, h2: number): boolean {
    for (let i = 0, h = h1; i < PROBES; i++, h = (h + h2) | 0) {
      const bit = h & this.mask;
      if ((this.words[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

/** The bits of a filter for `capacity` keys: a power of two, BITS_PER_KEY a key or more. */
function bitsOf(capacity: number): number {
  let bits = 32;
  while (bits < capacity * BITS_PER_KEY) bits *= 2;
  return bits;
}

/**
 * Which (tenant, run_id) and (tenant, run_id, agent) keys the runs and run_agents tables may
 * hold. "No" is certain, so a run the filter has never seen is inserted without looking for it:
 * the tables have no index (migration 012), and looking a batch of random run ids up is a scan
 * of the whole table, whose cost grew with the file (~110 ms a merge at 5M runs, measured here).
 * "Maybe" is a false positive for < 1% of new keys; those go the slow, exact way.
 *
 * Every key written to either table must be added, or a run could be stored twice: the
 * exporter adds what its merges insert; start-up and re-pricing (which inserts run_agents rows
 * of its own) load the saved filter and the keys of every row merged since it was saved.
 * Scalable: when a filter is full another twice its size takes the new keys, so memory follows
 * the number of runs (1.25–2.5 bytes a key, bit arrays being powers of two: 16–32 MiB for 10M
 * keys) and the false-positive rate stays bounded.
 */
export class RunKeyFilter {
  private constructor(
    private readonly filters: BloomFilter[],
    /** Whether it was loaded from every stored key, no saved filter being there to start from. */
    readonly readWhole = false,
  ) {}

  /** An empty filter sized for `expectedKeys` and a quarter more (bitsOf rounds up from there). */
  static empty(expectedKeys = 0, readWhole = false): RunKeyFilter {
    return new RunKeyFilter([new BloomFilter(Math.min(MAX_CAPACITY, Math.max(MIN_CAPACITY, Math.ceil(expectedKeys * 1.25))))], readWhole);
  }

  /**
   * A filter holding every key of runs and run_agents: the one saved in the file (save) and the
   * keys of the rows merged since, or, without one, every key. DuckDB joins the keys of a range of
   * rows into one string (write/run_key_lists.sql), which is hashed in place: a string a key cost
   * ~1 µs to read out of a result, most of a start-up with millions of runs.
   */
  static async load(con: DuckDBConnection): Promise<RunKeyFilter> {
    const { filter: restored, since } = await RunKeyFilter.restore(con);
    const [count, rows] = (
      await con.runAndReadAll('SELECT (SELECT count(*) FROM runs) + (SELECT count(*) FROM run_agents), greatest((SELECT max(rowid) FROM runs), (SELECT max(rowid) FROM run_agents)) + 1')
    ).getRows()[0]!;
    const filter = restored ?? RunKeyFilter.empty(Number(count), true);
    // Seconds for millions of keys (~1 µs a key here): say why the start-up waits.
    if (restored === undefined && Number(count) >= ANNOUNCED_LOAD_KEYS) {
      console.log(`tokentally: reading the keys of ${Number(count).toLocaleString('en-US')} runs and run agents (none saved in the file yet; saved for the next start)…`);
    }
    const sql = namedQuery('write/run_key_lists');
    for (let from = 0; from < Number(rows ?? 0); from += LOAD_RANGE_ROWS) {
      const [list, apart] = (await con.runAndReadAll(sql, [from, from + LOAD_RANGE_ROWS, since])).getRowsJS()[0]! as [string, string[]];
      for (let start = 0, end = 0; start < list.length; start = end + 1) {
        end = list.indexOf(SEPARATOR, start);
        if (end < 0) end = list.length;
        hashRange(list, start, end);
        filter.addHashed();
      }
      for (const key of apart) filter.add(key);
    }
    return filter;
  }

  /**
   * Saves the filter in the file (table run_key_filter, replacing the last one) for the next
   * start-up, in a transaction the caller runs; it must hold every key stored so far.
   */
  async save(con: DuckDBConnection): Promise<void> {
    await con.run('DELETE FROM run_key_filter');
    for (const [part, f] of this.filters.entries()) {
      const bytes = f.bytes;
      for (let at = 0; at < bytes.length; at += SAVED_ROW_BYTES) {
        const bits = new DuckDBBlobValue(bytes.subarray(at, at + SAVED_ROW_BYTES));
        await con.run('INSERT INTO run_key_filter SELECT $1, $2, $3, $4, $5, seq FROM rollup_watermark', [part, f.capacity, f.count, at, bits]);
      }
    }
  }

  /** The filter saved in the file, if any, and the merged_seq from which rows were stored after it. */
  private static async restore(con: DuckDBConnection): Promise<{ filter: RunKeyFilter | undefined; since: number }> {
    const rows = (await con.runAndReadAll('SELECT part, capacity, keys, byte_offset, bits, saved_seq FROM run_key_filter ORDER BY part, byte_offset')).getRows();
    if (rows.length === 0) return { filter: undefined, since: 0 };
    const filters: BloomFilter[] = [];
    for (const [part, capacity, keys, offset, bits] of rows) {
      const filter = (filters[Number(part)] ??= new BloomFilter(Number(capacity), Number(keys)));
      filter.bytes.set((bits as DuckDBBlobValue).bytes, Number(offset));
    }
    return { filter: new RunKeyFilter(filters), since: Number(rows[0]![5]) };
  }

  add(key: string): void {
    hashRange(key, 0, key.length);
    this.addHashed();
  }

  /** Adds the key hashed last. */
  private addHashed(): void {
    let last = this.filters[this.filters.length - 1]!;
    if (last.count >= last.capacity) {
      last = new BloomFilter(Math.min(last.capacity * 2, MAX_CAPACITY));
      this.filters.push(last);
    }
    last.add(h1, h2);
  }

  /** False only for a key never added. */
  mayHave(key: string): boolean {
    hashRange(key, 0, key.length);
    return this.mayHaveHashed();
  }

  /**
   * Adds `key` and says whether it was new (never added): one hashing for both, which is what
   * a merge asks of every run key it writes.
   */
  addIfNew(key: string): boolean {
    hashRange(key, 0, key.length);
    if (this.mayHaveHashed()) return false;
    this.addHashed();
    return true;
  }

  /** Whether the key hashed last may have been added. */
  private mayHaveHashed(): boolean {
    for (const filter of this.filters) if (filter.mayHave(h1, h2)) return true;
    return false;
  }
}

/** The two 32-bit hashes of the last key hashed (Kirsch–Mitzenmacher: probe i is h1 + i·h2). */
let h1 = 0;
let h2 = 0;

/**
 * Hashes text[start, end): FNV-1a and a multiplicative hash over the UTF-16 code units, each
 * finished with a murmur3 mix.
 */
function hashRange(text: string, start: number, end: number): void {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b + c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  h1 = fmix(a);
  // Odd, so the probes of a key never repeat inside a power-of-two table.
  h2 = fmix(b) | 1;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
