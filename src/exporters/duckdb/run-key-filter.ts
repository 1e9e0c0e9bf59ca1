import type { DuckDBConnection } from '@duckdb/node-api';
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
/** The first filter's capacity however small the file (16 Mibit: 2 MiB). */
const MIN_CAPACITY = 1 << 20;
/** The largest filter's (2^30 bits, 128 MiB): bit positions stay within 32-bit integer arithmetic. */
const MAX_CAPACITY = 1 << 26;

/** A Bloom filter: one fixed-size bit array that says "maybe" for every key added. */
class BloomFilter {
  private readonly words: Uint32Array;
  private readonly mask: number;
  count = 0;

  constructor(readonly capacity: number) {
    let bits = 32;
    while (bits < capacity * BITS_PER_KEY) bits *= 2;
    this.words = new Uint32Array(bits >>> 5);
    this.mask = bits - 1;
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

/**
 * Which (tenant, run_id) and (tenant, run_id, agent) keys the runs and run_agents tables may
 * hold. "No" is certain, so a run the filter has never seen is inserted without looking for it:
 * the tables have no index (migration 012), and looking a batch of random run ids up is a scan
 * of the whole table, whose cost grew with the file (~110 ms a merge at 5M runs, measured here).
 * "Maybe" is a false positive for < 1% of new keys; those go the slow, exact way.
 *
 * Every key written to either table must be added, or a run could be stored twice: the
 * exporter adds what its merges insert; start-up and re-pricing (which inserts run_agents rows
 * of its own) load the tables whole. Scalable: when a filter is full another twice its size
 * takes the new keys, so memory follows the number of runs (~1.25 bytes a key, 25 MiB for 20M
 * keys) and the false-positive rate stays bounded.
 */
export class RunKeyFilter {
  private readonly filters: BloomFilter[];

  constructor(expectedKeys = 0) {
    this.filters = [new BloomFilter(Math.min(MAX_CAPACITY, Math.max(MIN_CAPACITY, expectedKeys * 2)))];
  }

  /**
   * A filter holding every key of runs and run_agents. DuckDB joins the keys of a range of rows
   * into one string (write/run_key_lists.sql), which is hashed in place: a string a key cost ~1 µs
   * to read out of a result, most of a start-up with millions of runs.
   */
  static async load(con: DuckDBConnection): Promise<RunKeyFilter> {
    const [count, rows] = (
      await con.runAndReadAll('SELECT (SELECT count(*) FROM runs) + (SELECT count(*) FROM run_agents), greatest((SELECT max(rowid) FROM runs), (SELECT max(rowid) FROM run_agents)) + 1')
    ).getRows()[0]!;
    const filter = new RunKeyFilter(Number(count));
    const sql = namedQuery('write/run_key_lists');
    for (let from = 0; from < Number(rows ?? 0); from += LOAD_RANGE_ROWS) {
      const [list, apart] = (await con.runAndReadAll(sql, [from, from + LOAD_RANGE_ROWS])).getRowsJS()[0]! as [string, string[]];
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
    for (const filter of this.filters) if (filter.mayHave(h1, h2)) return true;
    return false;
  }

  /**
   * Adds `key` and says whether it was new (never added): one hashing for both, which is what
   * a merge asks of every run key it writes.
   */
  addIfNew(key: string): boolean {
    const known = this.mayHave(key);
    if (!known) this.add(key);
    return !known;
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
