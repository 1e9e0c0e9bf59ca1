import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPricingRouter } from '../../src/api/routes/pricing.js';
import { ApiServer } from '../../src/api/server.js';
import { ApiKeyStore } from '../../src/auth/api-keys.js';
import { repriceCommand } from '../../src/cli/commands/reprice.js';
import { UsageError } from '../../src/cli/command.js';
import { Catalog } from '../../src/pricing/catalog.js';
import { Dictionary } from '../../src/exporters/duckdb/dictionary.js';
import { GroupCommit } from '../../src/exporters/duckdb/group-commit.js';
import { DuckdbOverrideStore } from '../../src/pricing/override-store.js';
import { Repricer } from '../../src/pricing/repricer.js';
import { PricingService } from '../../src/pricing/service.js';
import { Database } from '../../src/storage/database.js';
import { Reader } from '../../src/storage/reader.js';
import { parseEndpoint } from '../../src/util/net.js';
import { makeCall } from '../support/records.js';
import { tempDir } from '../support/temp-dir.js';
import { ownConnection, rollupDrift, storeCalls } from './helpers/stored-calls.js';
import { tokenUsage } from '../../src/pricing/token-usage.js';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const OVERRIDE = { provider: 'acme', model: 'acme-7b', input_mtok: 0.2, output_mtok: 0.4 };

describe('tokentally reprice', () => {
  let dir: { dir: string; cleanup: () => void };
  let dbPath: string;
  let output: string[];

  function writeConfig(apiPort: number): string {
    const path = join(dir.dir, 'otel-config.yaml');
    writeFileSync(
      path,
      [
        'exporters:',
        '  duckdb:',
        `    path: ${dbPath}`,
        'api:',
        `  endpoint: 127.0.0.1:${apiPort}`,
        'pricing:',
        '  overrides:',
        '    - { provider: acme, model: acme-7b, input_mtok: 0.2, output_mtok: 0.4 }',
      ].join('\n'),
    );
    return path;
  }

  async function seed(db: Database) {
    const pricing = await PricingService.create({ catalog: await Catalog.load(), store: new DuckdbOverrideStore(db), configOverrides: [] });
    const calls = [1, 2, 3].map((day) => makeCall({ provider: 'acme', requestModel: 'acme-7b', responseModel: 'acme-7b', startUs: Date.parse(`2025-09-0${day}T10:00:00Z`) * 1000, ...tokenUsage({ inputTokens: 1_000, outputTokens: 500 }) }));
    for (const c of calls) pricing.priceCall(c);
    await storeCalls(db, calls);
  }

  beforeEach(() => {
    dir = tempDir();
    dbPath = join(dir.dir, 'tt.duckdb');
    output = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void output.push(line));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    dir.cleanup();
  });

  it('opens the DuckDB file itself when no server answers', async () => {
    const db = await Database.open({ path: dbPath });
    await seed(db);
    db.close();
    const config = writeConfig(await closedPort());

    expect(await repriceCommand.run(['--config', config, '--from', '2025-09-01', '--to', '2025-09-02'])).toBe(0);
    expect(output.join('\n')).toContain(`re-priced ${dbPath}:`);
    expect(output.join('\n')).toMatch(/2 calls scanned, 2 changed\ncost: \$0\.000000000 -> \$0\.000800000 \(\+\$0\.000800000\)\nunpriced calls: 2 -> 0/);

    const reopened = await Database.open({ path: dbPath });
    const reader = new Reader(reopened);
    try {
      expect(await reader.rows('SELECT price_source, total_cost FROM llm_calls ORDER BY start_time')).toEqual([
        { price_source: 'override', total_cost: 0.0004 },
        { price_source: 'override', total_cost: 0.0004 },
        { price_source: 'unpriced', total_cost: null },
      ]);
      expect(await rollupDrift(reopened)).toEqual([]);
    } finally {
      reader.close();
      reopened.close();
    }
  });

  it('first adds the roll-ups of calls a crashed server had not merged, then re-prices them', async () => {
    const db = await Database.open({ path: dbPath });
    const con = await db.connect();
    const dict = new Dictionary();
    await dict.load(con);
    const commit = await GroupCommit.prepare(con, dict);
    const pricing = await PricingService.create({ catalog: await Catalog.load(), store: new DuckdbOverrideStore(db), configOverrides: [] });
    const calls = [1, 2].map((day) => makeCall({ provider: 'acme', requestModel: 'acme-7b', responseModel: 'acme-7b', startUs: Date.parse(`2025-09-0${day}T10:00:00Z`) * 1000, ...tokenUsage({ inputTokens: 1_000, outputTokens: 500 }) }));
    for (const c of calls) pricing.priceCall(c);
    // Committed under load (roll-up deltas still in memory), then the process dies.
    await commit.run({ calls, activities: [], fixups: [] }, { mergeNow: () => false, beginNext: () => false });
    commit.close();
    con.closeSync();
    db.close();

    expect(await repriceCommand.run(['--config', writeConfig(await closedPort()), '--from', '2025-09-01', '--to', '2025-09-02'])).toBe(0);
    expect(output.join('\n')).toMatch(/2 calls scanned, 2 changed\ncost: \$0\.000000000 -> \$0\.000800000/);
    const reopened = await Database.open({ path: dbPath });
    const reader = new Reader(reopened);
    try {
      expect(await reader.rows('SELECT sum(calls) AS calls, sum(total_cost) AS cost FROM daily_usage')).toEqual([{ calls: 2, cost: 0.0008 }]);
      expect(await rollupDrift(reopened)).toEqual([]);
    } finally {
      reader.close();
      reopened.close();
    }
  });

  it('asks the running server to re-price', async () => {
    const db = await Database.open({ path: dbPath });
    await seed(db);
    const reader = new Reader(db);
    const pricing = await PricingService.create({ catalog: await Catalog.load(), store: new DuckdbOverrideStore(db), configOverrides: [OVERRIDE] });
    const access = ownConnection(db);
    const server = new ApiServer({ endpoint: parseEndpoint('127.0.0.1:0') }, [createPricingRouter({ keys: new ApiKeyStore([]), reader, pricing, repricer: new Repricer(pricing, access.write) })]);
    await server.start();
    try {
      const config = writeConfig(server.boundPort);
      expect(await repriceCommand.run(['--config', config, '--from', '2025-09-01', '--to', '2025-09-30', '--provider', 'acme'])).toBe(0);
      expect(output.join('\n')).toContain(`re-priced by the server at 127.0.0.1:${server.boundPort}:\n3 calls scanned, 3 changed`);
    } finally {
      await server.shutdown();
      access.close();
      reader.close();
      db.close();
    }
  });

  it('refuses a bad range before touching anything', async () => {
    await expect(repriceCommand.run(['--from', 'last week', '--to', '2025-09-02'])).rejects.toThrow(UsageError);
    await expect(repriceCommand.run(['--from', '2025-09-03', '--to', '2025-09-02'])).rejects.toThrow('--to: must not be before from');
  });
});
