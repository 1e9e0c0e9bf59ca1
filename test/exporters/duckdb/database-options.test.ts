import { describe, expect, it } from 'vitest';
import { startTestServer } from '../../support/server.js';

describe("the server's DuckDB settings", () => {
  it('opens the file with the buffer pool, checkpoint threshold and allocator flush threshold of exporters.duckdb', async () => {
    const server = await startTestServer({ config: { exporters: { duckdb: { memory_limit: '300MB', checkpoint_threshold: '40MB' } } } });
    try {
      const con = await server.service.db.connect();
      const names = ['memory_limit', 'checkpoint_threshold', 'allocator_bulk_deallocation_flush_threshold'];
      const settings = Object.fromEntries((await con.runAndReadAll(`SELECT name, value FROM duckdb_settings() WHERE name IN (${names.map((n) => `'${n}'`).join(', ')})`)).getRows());
      con.closeSync();
      // DuckDB reports sizes in binary units; the flush threshold is the default, 2MB.
      expect(settings).toEqual({ memory_limit: '286.1 MiB', checkpoint_threshold: '38.1 MiB', allocator_bulk_deallocation_flush_threshold: '1.9 MiB' });
    } finally {
      await server.stop();
    }
  });
});
