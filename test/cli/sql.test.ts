import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sqlCommand } from '../../src/cli/commands/sql.js';
import { Database } from '../../src/storage/database.js';
import { DEFAULT_KEY, startAnalyticsFixture, type AnalyticsFixture } from '../analytics/support/analytics-fixture.js';
import { NOW_MS, syntheticHistory } from '../analytics/support/history.js';
import { tempDir } from '../support/temp-dir.js';

describe('tokentally sql', () => {
  let fx: AnalyticsFixture;
  const { dir, cleanup } = tempDir();
  let output: string[] = [];

  beforeAll(async () => {
    fx = await startAnalyticsFixture({ clock: () => NOW_MS });
    await fx.store(syntheticHistory({ days: 2 }));
    vi.stubEnv('TOKENTALLY_CONFIG', '');
    vi.stubEnv('TOKENTALLY_API_KEY', DEFAULT_KEY);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    output = [];
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await fx.close();
    cleanup();
  });

  const capture = () => vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void output.push(args.join(' ')));

  it('asks the running server', async () => {
    vi.stubEnv('TOKENTALLY_URL', fx.apiUrl);
    capture();
    // response_id goes through a macro of the file (migration 016), also inside the tenant's view.
    expect(await sqlCommand.run(['SELECT count(*) AS n, count(response_id) AS ids FROM llm_calls', '--json'])).toBe(0);
    const body = JSON.parse(output.join('\n')) as { rows: number[][] };
    expect(body.rows[0]).toEqual([(await fx.calls()).length, (await fx.calls()).length]);
  });

  it('passes on a refusal', async () => {
    vi.stubEnv('TOKENTALLY_URL', fx.apiUrl);
    await expect(sqlCommand.run(['DELETE FROM runs'])).rejects.toThrow(/read-only/);
  });

  it('opens the file read-only when no server runs', async () => {
    const path = join(dir, 'offline.duckdb');
    const db = await Database.open({ path });
    const con = await db.connect();
    await con.run(`INSERT INTO runs VALUES ('default', 'r1', now(), now(), 1, 0, 0, 0, 1, 1, 0, 0.5, 0, 0, 0, 0, 'ok', 0, 0, md5_number_lower('r1'))`);
    con.closeSync();
    db.close();
    vi.stubEnv('TOKENTALLY_URL', 'http://127.0.0.1:9');
    capture();
    expect(await sqlCommand.run(['SELECT run_id, total_cost FROM runs', '--db', path])).toBe(0);
    expect(output.join('\n')).toContain('r1');
    expect(await sqlCommand.run(['SELECT count(response_id) AS ids FROM llm_calls', '--db', path])).toBe(0);
    expect(output.join('\n')).toContain('read-only');
    await expect(sqlCommand.run(['DELETE FROM runs', '--db', path])).rejects.toThrow(/read-only/i);
  });
});
