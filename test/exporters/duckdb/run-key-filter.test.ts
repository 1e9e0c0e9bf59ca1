import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { RunKeyFilter, runAgentKey, runKey } from '../../../src/exporters/duckdb/run-key-filter.js';
import { Database } from '../../../src/storage/database.js';
import { tempDir } from '../../support/temp-dir.js';

const uuid = (i: number) => `${i.toString(16).padStart(8, '0')}-7c1e-4d2a-9b3f-${(i * 2654435761 >>> 0).toString(16).padStart(12, '0')}`;

describe('RunKeyFilter', () => {
  it('never forgets a key, past the first filter, and says "maybe" for few keys it never saw', () => {
    const filter = RunKeyFilter.empty();
    // 2.5M keys: past the first filter's capacity (1M) and the second's.
    const stored = 2_500_000;
    for (let i = 0; i < stored; i++) filter.add(runKey('default', uuid(i)));
    let missed = 0;
    for (let i = 0; i < stored; i++) if (!filter.mayHave(runKey('default', uuid(i)))) missed++;
    expect(missed).toBe(0);

    let falsePositives = 0;
    const unseen = 200_000;
    for (let i = stored; i < stored + unseen; i++) if (filter.mayHave(runKey('default', uuid(i)))) falsePositives++;
    // ~0.8% a filter at capacity; the chain of three can add up to ~2.4%.
    expect(falsePositives / unseen).toBeLessThan(0.025);
  });

  it('tells a new key once, and keeps run, run-agent and tenant keys apart', () => {
    const filter = RunKeyFilter.empty();
    expect(filter.addIfNew(runKey('acme', 'run-1'))).toBe(true);
    expect(filter.addIfNew(runKey('acme', 'run-1'))).toBe(false);
    expect(filter.addIfNew(runKey('default', 'run-1'))).toBe(true);
    expect(filter.addIfNew(runAgentKey('acme', 'run-1', 'planner'))).toBe(true);
    expect(filter.addIfNew(runAgentKey('acme', 'run-1', 'coder'))).toBe(true);
    expect(filter.mayHave(runAgentKey('acme', 'run-1', 'planner'))).toBe(true);
  });

  it('loads every key stored in runs and run_agents', async () => {
    const dir = tempDir();
    const db = await Database.open({ path: join(dir.dir, 'keys.duckdb') });
    const con = await db.connect();
    try {
      await con.run(`INSERT INTO runs (tenant, run_id, start_time, end_time, calls, error_calls, retry_calls, unpriced_calls, input_tokens, output_tokens,
          cache_read_tokens, total_cost, retry_cost, failed_cost, tool_calls, tool_cost, last_status, run_hash)
        SELECT 't' || (i % 3), 'run-' || i, now(), now(), 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 'ok', md5_number_lower('run-' || i) FROM range(5000) t(i)`);
      await con.run(`INSERT INTO run_agents (tenant, run_id, agent, calls, total_cost, retry_cost, start_time, run_hash)
        SELECT 't' || (i % 3), 'run-' || i, 'agent-' || (i % 7), 1, 0, 0, now(), md5_number_lower('run-' || i) FROM range(5000) t(i)`);
      const filter = await RunKeyFilter.load(con);
      for (let i = 0; i < 5000; i++) {
        expect(filter.mayHave(runKey(`t${i % 3}`, `run-${i}`))).toBe(true);
        expect(filter.mayHave(runAgentKey(`t${i % 3}`, `run-${i}`, `agent-${i % 7}`))).toBe(true);
      }
      // The first filter (1M keys) holds 10,000 with almost no false positive.
      let strangers = 0;
      for (let i = 0; i < 5000; i++) if (filter.mayHave(runKey(`t${(i + 1) % 3}`, `run-${i}`))) strangers++;
      expect(strangers).toBeLessThan(5);
    } finally {
      con.closeSync();
      db.close();
      dir.cleanup();
    }
  });

  it('saves itself in the file, and a load reads it and the keys of the rows merged since', async () => {
    const dir = tempDir();
    const db = await Database.open({ path: join(dir.dir, 'saved.duckdb') });
    const con = await db.connect();
    const insertRuns = (ids: string, mergedSeq: number) =>
      con.run(`INSERT INTO runs SELECT 'default', id, now(), now(), 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 'ok', ${mergedSeq}, 0, md5_number_lower(id) FROM (VALUES ${ids}) t(id)`);
    try {
      await insertRuns("('stored-before')", 0);
      const filter = await RunKeyFilter.load(con);
      // Known to the filter only, as a key added by a merge that then failed would be.
      filter.add(runKey('default', 'added-in-memory'));
      await con.run('UPDATE rollup_watermark SET seq = 7');
      await filter.save(con);
      // Rows merged after the save carry its seq or later; one with an earlier seq is not read
      // again: the saved filter is taken to hold it.
      await insertRuns("('merged-at-7')", 7);
      await insertRuns("('merged-at-9')", 9);
      await insertRuns("('older-than-the-save')", 3);
      const loaded = await RunKeyFilter.load(con);
      expect(['stored-before', 'added-in-memory', 'merged-at-7', 'merged-at-9'].filter((id) => !loaded.mayHave(runKey('default', id)))).toEqual([]);
      expect(loaded.mayHave(runKey('default', 'older-than-the-save'))).toBe(false);
      // Its 2 MiB of bits (the smallest filter) in rows of 1 MiB, each with the save's seq.
      expect((await con.runAndReadAll('SELECT count(*), sum(octet_length(bits)), min(saved_seq), max(saved_seq) FROM run_key_filter')).getRows()).toEqual([[2n, 2n ** 21n, 7n, 7n]]);
    } finally {
      con.closeSync();
      db.close();
      dir.cleanup();
    }
  });
});
