import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { breakdownCommand } from '../../src/cli/commands/breakdown.js';
import { exportCommand } from '../../src/cli/commands/export.js';
import { runsCommand } from '../../src/cli/commands/runs.js';
import { topCommand } from '../../src/cli/commands/top.js';
import { usageCommand } from '../../src/cli/commands/usage.js';
import { UsageError } from '../../src/cli/command.js';
import { DEFAULT_KEY, startAnalyticsFixture, type AnalyticsFixture } from '../analytics/support/analytics-fixture.js';
import { between, totals } from '../analytics/support/expected.js';
import { NOW_MS, syntheticActivity, syntheticHistory } from '../analytics/support/history.js';
import { tempDir } from '../support/temp-dir.js';

describe('CLI reports', () => {
  let fx: AnalyticsFixture;
  const { dir, cleanup } = tempDir();
  let output: string[] = [];

  beforeAll(async () => {
    fx = await startAnalyticsFixture({ clock: () => NOW_MS });
    const history = syntheticHistory({ days: 10 });
    await fx.store(history, syntheticActivity(history));
    vi.stubEnv('TOKENTALLY_URL', fx.apiUrl);
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

  const capture = () => {
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void output.push(args.join(' ')));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  };
  const text = () => output.join('\n');

  it('usage prints the spend, the comparison and the top models with bars', async () => {
    capture();
    expect(await usageCommand.run(['--period', 'today'])).toBe(0);
    expect(text()).toMatch(/Spend\s+\$/);
    expect(text()).toContain('vs 2026-03-17');
    expect(text()).toContain('Top models');
    expect(text()).toMatch(/█/);
  });

  it('usage --json prints the API answer', async () => {
    capture();
    await usageCommand.run(['--period', 'week', '--json']);
    const body = JSON.parse(text()) as { operations: number; start_date: string };
    const facts = await fx.facts();
    expect(body.operations).toBe(totals(facts.filter(between(Date.parse('2026-03-16T00:00:00Z'), Date.parse('2026-03-19T00:00:00Z')))).operations);
  });

  it('breakdown --by model lists every model', async () => {
    capture();
    expect(await breakdownCommand.run(['--by', 'model', '--period', 'month'])).toBe(0);
    for (const model of ['gpt-4o-mini', 'claude-sonnet-4', 'mystery-model']) expect(text()).toContain(model);
    await expect(breakdownCommand.run([])).rejects.toBeInstanceOf(UsageError);
  });

  it('passes the API error on for a bad parameter', async () => {
    capture();
    await expect(breakdownCommand.run(['--by', 'colour'])).rejects.toThrow(/"group_by"/);
  });

  it('runs lists runs and shows one in detail', async () => {
    capture();
    await runsCommand.run(['--limit', '3', '--json']);
    const list = JSON.parse(text()) as { data: Array<{ run_id: string }> };
    expect(list.data).toHaveLength(3);
    output = [];
    expect(await runsCommand.run([list.data[0]!.run_id])).toBe(0);
    expect(text()).toContain(`Run ${list.data[0]!.run_id}`);
    expect(text()).toContain('Timeline');
  });

  it('top shows agents, models and runs', async () => {
    capture();
    expect(await topCommand.run(['--period', 'week'])).toBe(0);
    expect(text()).toMatch(/Agents[\s\S]*Models[\s\S]*Runs/);
  });

  it('export writes the calls to a file', async () => {
    capture();
    const out = join(dir, 'calls.csv');
    expect(await exportCommand.run(['--format', 'csv', '--period', 'all_time', '--out', out])).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\r\n');
    expect(lines).toHaveLength((await fx.calls()).length + 1);
    await expect(exportCommand.run(['--format', 'xls'])).rejects.toBeInstanceOf(UsageError);
  });
});
