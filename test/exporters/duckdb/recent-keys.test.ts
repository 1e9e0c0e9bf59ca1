import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomFillSync } from 'node:crypto';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Database } from '../../../src/storage/database.js';
import { GroupCommit } from '../../../src/exporters/duckdb/group-commit.js';
import { Dictionary } from '../../../src/exporters/duckdb/dictionary.js';
import { NONE, RecentKeys } from '../../../src/exporters/duckdb/recent-keys.js';
import { KEY_WORDS, writeKey } from '../../../src/util/span-key.js';
import type { ActivityRecord, CallRecord } from '../../../src/pipeline/records.js';
import { RecordDecoder, RecordEncoder } from '../../../src/pipeline/worker/record-codec.js';
import { makeActivity, makeCall } from '../../support/records.js';
import { traded } from '../../support/span-keys.js';
import { tempDir } from '../../support/temp-dir.js';

describe('RecentKeys', () => {
  it('holds whole commits in two generations and moves the watermark past the one it drops', () => {
    const keys = (n: number, from: number) => {
      const out = new Uint32Array(n * KEY_WORDS);
      for (let i = 0; i < n; i++) writeKey((from + i).toString(16).padStart(32, '0'), 'fF'.repeat(8), out, i * KEY_WORDS);
      return out;
    };
    const has = (recent: RecentKeys, i: number) => recent.has(keys(1, i), 0);
    const recent = new RecentKeys(10);
    // Each commit's latest start and latest end (not necessarily one row's).
    recent.addCommit(keys(6, 0), 1, { startUs: 100_000, endUs: 900_000 });
    recent.addCommit(keys(4, 6), 2, { startUs: 200_000, endUs: 250_000 });
    expect([recent.watermark, recent.latestBelow, recent.size]).toEqual([0, { startUs: -Infinity, endUs: -Infinity }, 10]);
    expect(recent.mayBeBelow(0, 0)).toBe(false); // nothing below the watermark
    recent.addCommit(keys(5, 10), 3, { startUs: 300_000, endUs: 950_000 }); // generation 1 (commits 1, 2) full: a second one starts
    expect([recent.watermark, recent.size, has(recent, 0), has(recent, 14)]).toEqual([1, 15, true, true]);
    recent.addCommit(keys(6, 15), 4, { startUs: 400_000, endUs: 990_000 }); // generation 2 full: generation 1 goes
    expect([recent.watermark, recent.latestBelow, has(recent, 9), has(recent, 10)]).toEqual([3, { startUs: 200_000, endUs: 900_000 }, false, true]);
    // A span may be one of the rows below only if it started and ended no later than they did (+ 1 ms).
    expect(recent.mayBeBelow(201_000, 901_000)).toBe(true);
    expect(recent.mayBeBelow(201_001, 500_000)).toBe(false); // started later than any of them
    expect(recent.mayBeBelow(50_000, 901_001)).toBe(false); // a long call that ended later than any of them
    expect(recent.has(new Uint32Array(KEY_WORDS), 0)).toBe(false);
    expect(Array.from(keys(1, 0xabc))).toEqual([0, 0, 0, 0xabc, 0xffffffff, 0xffffffff]);
  });

  it('holds every key it was given and none of 200,000 others, by fingerprint', () => {
    const random = (n: number) => randomFillSync(new Uint32Array(n * KEY_WORDS));
    const recent = new RecentKeys(100_000);
    const held = random(100_000);
    for (let i = 0; i < 10; i++) recent.addCommit(held.subarray(i * 10_000 * KEY_WORDS, (i + 1) * 10_000 * KEY_WORDS), i + 1, NONE);
    let found = 0;
    for (let at = 0; at < held.length; at += KEY_WORDS) if (recent.has(held, at)) found++;
    expect(found).toBe(100_000);
    const others = random(200_000);
    let wrong = 0;
    for (let at = 0; at < others.length; at += KEY_WORDS) if (recent.has(others, at)) wrong++;
    expect(wrong).toBe(0);
  });

  it('tells apart keys that differ in one bit of any word, or in two words traded against each other', () => {
    const recent = new RecentKeys(1_000);
    const key = Uint32Array.from([0x0123abcd, 0x4567ef01, 0x89abcdef, 0xfedcba98, 0x76543210, 0x0f1e2d3c]);
    recent.addCommit(key, 1, NONE);
    for (let word = 0; word < KEY_WORDS; word++) {
      for (let bit = 0; bit < 32; bit++) {
        const other = key.slice();
        other[word]! ^= 1 << bit;
        expect(recent.has(other, 0), `word ${word} bit ${bit}`).toBe(false);
      }
    }
    // The trade that collided in the tables' hash before 2026-12-05 (it xored these two words in last).
    expect(recent.has(traded(key), 0)).toBe(false);
    expect(recent.has(key, 0)).toBe(true);
  });
});

describe('group commit de-duplication beyond the in-memory keys', () => {
  let dir: { dir: string; cleanup: () => void };
  let db: Database;
  let con: DuckDBConnection;
  let commit: GroupCommit;
  const CAPACITY = 16;

  async function open() {
    db = await Database.open({ path: join(dir.dir, 'tt.duckdb') });
    con = await db.connect();
    const dict = new Dictionary();
    await dict.load(con);
    commit = await GroupCommit.prepare(con, dict, { recentKeys: CAPACITY });
  }
  function close() {
    commit.close();
    con.closeSync();
    db.close();
  }
  const store = async (calls: CallRecord[]) => (await commit.run({ calls, activities: [], fixups: [] })).calls.length;
  const storeActivity = async (activities: ActivityRecord[], calls: CallRecord[] = []) => (await commit.run({ calls, activities, fixups: [] })).activities.length;
  async function totals() {
    const r = await con.runAndReadAll(`SELECT (SELECT count(*) FROM llm_calls), (SELECT count(DISTINCT (trace_id, span_id)) FROM llm_calls),
      (SELECT sum(calls) FROM daily_usage), (SELECT sum(calls) FROM runs), (SELECT sum(calls) FROM hourly_usage)`);
    return r.getRows()[0]!.map(Number);
  }

  beforeEach(async () => {
    dir = tempDir();
    await open();
  });
  afterEach(() => {
    close();
    dir.cleanup();
  });

  it('counts a span once when it is resent after memory evicted it, days later, and after restarts', async () => {
    const t0 = Date.parse('2026-11-20T10:00:00Z') * 1000;
    const calls = Array.from({ length: 100 }, (_, i) => makeCall({ startUs: t0 + i * 60e6 }));
    for (let i = 0; i < 100; i += 10) expect(await store(calls.slice(i, i + 10))).toBe(10);
    // calls[0..] were evicted long ago (capacity 16 a generation); the newest are still in memory.
    expect(await store([calls[0]!, calls[5]!, calls[99]!, calls[50]!])).toBe(0);
    // A resend mixed with new spans, "days later" (new spans start much later than the old ones).
    const later = Array.from({ length: 30 }, (_, i) => makeCall({ startUs: t0 + 3 * 86_400e6 + i * 1e6 }));
    expect(await store([...later.slice(0, 20), calls[1]!, calls[98]!])).toBe(20);
    expect(await totals()).toEqual([120, 120, 120, 120, 120]);
    close();
    await open(); // start-up reloads the latest keys (16 here) and continues commit_seq
    expect(await store([later[19]!, later[0]!, calls[2]!, ...later.slice(20)])).toBe(10);
    expect(await store(calls)).toBe(0);
    expect(await totals()).toEqual([130, 130, 130, 130, 130]);
    const seqs = await con.runAndReadAll('SELECT count(DISTINCT commit_seq), min(commit_seq), max(commit_seq) FROM llm_calls_raw');
    // Commits 11 (all resends) stored nothing; after the restart the sequence went on at 13.
    expect(seqs.getRows()[0]!.map(Number)).toEqual([12, 1, 13]);
  });

  it('counts long calls once when they are resent after memory evicted them, found by start and end', async () => {
    // Stored in the order they ended, as exporters send them; every third ran for ten minutes, so
    // its start is older than the other calls' around it.
    const t0 = Date.parse('2026-11-20T10:00:00Z') * 1000;
    const calls = Array.from({ length: 60 }, (_, i) => {
      const endUs = t0 + i * 1e6;
      return makeCall({ startUs: endUs - (i % 3 === 0 ? 600e6 : 2e6), endUs });
    });
    for (let i = 0; i < 60; i += 10) expect(await store(calls.slice(i, i + 10))).toBe(10);
    const resent = await commit.run({ calls: [calls[0]!, calls[3]!, calls[30]!, calls[31]!, calls[59]!], activities: [], fixups: [] });
    // The evicted ones were asked of the database; calls[59] was still in memory.
    expect([resent.calls.length, resent.duplicates, resent.lookedUp]).toEqual([0, 5, true]);
    // Each one, the last of every evicted commit included (its end is the latest a bound may hold).
    for (const call of calls) expect(await store([call])).toBe(0);
    // A new call that started before every stored call but ended after them all cannot be one of
    // them: the database is not asked.
    const longFresh = makeCall({ startUs: t0 - 900e6, endUs: t0 + 100e6 });
    const alone = await commit.run({ calls: [longFresh], activities: [], fixups: [] });
    expect([alone.calls.length, alone.duplicates, alone.lookedUp]).toEqual([1, 0, false]);
    // One inside both ranges is asked about, and kept.
    const fresh = [longFresh, makeCall({ startUs: t0 + 5e6, endUs: t0 + 6e6 + 500 })];
    expect(await store([fresh[1]!, calls[1]!, calls[33]!])).toBe(1);
    close();
    await open();
    expect(await store([...calls, ...fresh])).toBe(0);
    expect(await totals()).toEqual([62, 62, 62, 62, 62]);
  });

  it('counts tool calls once too, resent from memory, from the database and after restarts', async () => {
    const t0 = Date.parse('2026-11-20T10:00:00Z') * 1000;
    const tools = Array.from({ length: 60 }, (_, i) => makeActivity({ startUs: t0 + i * 60e6, costNanos: 1_000_000 }));
    // Calls and tool calls share the key window (capacity 16 a generation).
    for (let i = 0; i < 60; i += 6) expect(await storeActivity(tools.slice(i, i + 6), [makeCall({ startUs: t0 + i * 60e6 })])).toBe(6);
    expect(await storeActivity([tools[0]!, tools[59]!, tools[59]!, tools[30]!])).toBe(0);
    const fresh = makeActivity({ startUs: t0 + 2 * 86_400e6 });
    expect(await storeActivity([fresh, fresh, tools[1]!])).toBe(1);
    close();
    await open();
    expect(await storeActivity([...tools, fresh])).toBe(0);
    const r = await con.runAndReadAll(`SELECT count(*), count(DISTINCT (trace_id, span_id)), (SELECT sum(tool_calls) FROM runs), (SELECT sum(tool_cost) FROM runs) FROM tool_calls`);
    expect(r.getRows()[0]!.map(Number)).toEqual([61, 61, 61, 0.06]);
  });

  it('keeps the tool calls of a database from before activity had commit_seq, and still tells them', async () => {
    const old = Array.from({ length: 30 }, () => makeActivity());
    expect(await storeActivity(old)).toBe(30);
    // The table as migrations 001–006 left it: a primary key, no commit_seq.
    await con.run(`CREATE TABLE activity_old AS SELECT * EXCLUDE (commit_seq) FROM activity;
      DROP VIEW tool_calls; DROP TABLE activity;
      CREATE TABLE activity AS SELECT * FROM activity_old; DROP TABLE activity_old;
      ALTER TABLE activity ADD PRIMARY KEY (trace_id, span_id);
      CREATE VIEW tool_calls AS SELECT * FROM activity WHERE event_type = 'tool_call';
      DELETE FROM schema_migrations WHERE version = 7;`);
    close();
    await open();
    const columns = await con.runAndReadAll(`SELECT count(*) FILTER (column_name = 'commit_seq'), (SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'activity' AND constraint_type = 'PRIMARY KEY') FROM information_schema.columns WHERE table_name = 'activity'`);
    expect(columns.getRows()[0]!.map(Number)).toEqual([1, 0]);
    expect(await storeActivity([old[7]!, makeActivity(), old[29]!])).toBe(1);
    const r = await con.runAndReadAll('SELECT count(*), count(*) FILTER (commit_seq = 0), count(DISTINCT span_id) FROM tool_calls');
    expect(r.getRows()[0]!.map(Number)).toEqual([31, 30, 31]);
  });

  /** The group commit again, on a connection whose next COMMIT fails once `failCommit()` was called. */
  async function withFailingCommit(): Promise<() => void> {
    let fail = false;
    const faulty = new Proxy(con, {
      get(target, property) {
        if (property === 'run') {
          return (sql: string, ...rest: unknown[]) => {
            if (!fail || !sql.includes('COMMIT;')) return (target.run as (...args: unknown[]) => Promise<unknown>)(sql, ...rest);
            fail = false;
            return Promise.reject(new Error('injected: the disk is full'));
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    commit.close();
    const dict = new Dictionary();
    await dict.load(con);
    commit = await GroupCommit.prepare(faulty, dict, { recentKeys: CAPACITY });
    return () => (fail = true);
  }

  it('stores the spans of a group whose commit failed when they are sent again, once', async () => {
    // The keys of a group are taken into memory while DuckDB commits it: a failed commit must
    // take them out again, or the resent spans would be dropped as already stored.
    const failCommit = await withFailingCommit();
    const first = Array.from({ length: 5 }, () => makeCall());
    expect(await store(first)).toBe(5);
    const group = Array.from({ length: 8 }, () => makeCall());
    failCommit();
    await expect(store([...group, first[0]!])).rejects.toThrow('injected');
    expect(await totals()).toEqual([5, 5, 5, 5, 5]);
    expect(await store([...group, first[1]!])).toBe(8);
    expect(await store(group)).toBe(0);
    expect(await totals()).toEqual([13, 13, 13, 13, 13]);
  });

  it('names the agents of calls from the hand-over right after a failed commit took back a new name', async () => {
    // The writer remembers the dictionary id of each name of the hand-over's string table; the
    // ids a failed commit gave out are taken back and given to other names.
    const failCommit = await withFailingCommit();
    const encoder = new RecordEncoder();
    const decoder = new RecordDecoder();
    const handedOver = (calls: CallRecord[]) => decoder.decode(structuredClone(encoder.encode({ calls, activities: [], fixups: [], rejections: [] }))).calls;
    failCommit();
    await expect(store(handedOver([makeCall({ agent: 'alpha' })]))).rejects.toThrow('injected');
    expect(await store(handedOver([makeCall({ agent: 'beta' })]))).toBe(1);
    expect(await store(handedOver([makeCall({ agent: 'alpha' }), makeCall({ agent: 'beta' })]))).toBe(2);
    const agents = await con.runAndReadAll('SELECT agent, count(*) FROM llm_calls GROUP BY agent ORDER BY agent');
    expect(agents.getRows().map(([agent, n]) => [agent, Number(n)])).toEqual([['alpha', 1], ['beta', 2]]);
  });

  it('still finds calls stored before commit_seq existed (commit_seq 0)', async () => {
    const old = Array.from({ length: 40 }, () => makeCall());
    expect(await store(old)).toBe(40);
    await con.run('UPDATE llm_calls_raw SET commit_seq = 0');
    close();
    await open();
    expect(await store([old[3]!, makeCall()])).toBe(1);
    expect(await totals()).toEqual([41, 41, 41, 41, 41]);
  });
});
