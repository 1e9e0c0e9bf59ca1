import { describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { serverDuckdbThreads } from '../../../src/exporters/duckdb/threads.js';
import { startTestServer } from '../../support/server.js';

describe("DuckDB's threads in the server", () => {
  it('leaves two cores to the JavaScript threads unless the config names a number', () => {
    expect([1, 2, 3, 4, 16].map((cores) => serverDuckdbThreads(undefined, cores))).toEqual([1, 1, 1, 2, 14]);
    expect(serverDuckdbThreads(3, 2)).toBe(3);
  });

  it('opens the database with them', async () => {
    const server = await startTestServer({ config: { exporters: { duckdb: { threads: undefined } } } });
    try {
      const con = await server.service.db.connect();
      const threads = (await con.runAndReadAll("SELECT current_setting('threads')")).getRows()[0]![0];
      con.closeSync();
      expect(Number(threads)).toBe(Math.max(1, availableParallelism() - 2));
    } finally {
      await server.stop();
    }
  });
});
