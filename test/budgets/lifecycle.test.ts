import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database } from '../../src/storage/database.js';
import { createBudgets } from '../../src/budgets/index.js';
import { tempDir } from '../support/temp-dir.js';
import { batch, spend } from './support/calls.js';
import { testConfig } from './support/harness.js';

describe('budgets component lifecycle', () => {
  it('shuts down safely without start, and more than once', async () => {
    const { dir, cleanup } = tempDir();
    const db = await Database.open({ path: join(dir, 'tt.duckdb') });
    const budgets = createBudgets(testConfig(), { database: db });
    await budgets.shutdown();
    await budgets.shutdown();
    db.close();
    cleanup();
  });

  it('starts, consumes commits, and shuts down', async () => {
    const { dir, cleanup } = tempDir();
    const db = await Database.open({ path: join(dir, 'tt.duckdb') });
    const budgets = createBudgets(testConfig(), { database: db });
    budgets.onCommit(batch(spend(1, Date.now())));
    await budgets.start();
    await budgets.admin.create('default', { name: 'org', scope: 'org', period: 'daily', limit_usd: 10 });
    budgets.onCommit(batch(spend(2, Date.now())));
    // The commit that arrived before start() finished counts too.
    expect(budgets.statuses.current(budgets.registry.byName('default', 'org')!)?.spentNanos).toBe(3_000_000_000);
    await budgets.shutdown();
    await budgets.shutdown();
    db.close();
    cleanup();
  });
});
