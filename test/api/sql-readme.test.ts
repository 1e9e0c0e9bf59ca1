import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/util/paths.js';
import { startAnalyticsFixture, type AnalyticsFixture } from '../analytics/support/analytics-fixture.js';
import { NOW_MS, syntheticActivity, syntheticHistory } from '../analytics/support/history.js';

/** The statements of the "Examples" block of queries/README.md, one per `--` comment. */
function readmeExamples(): string[] {
  const readme = readFileSync(join(projectRoot(), 'queries', 'README.md'), 'utf8');
  const block = /## Examples\s+```sql\n([\s\S]*?)```/.exec(readme)![1]!;
  return block.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean);
}

describe('the SQL examples of queries/README.md', () => {
  let fx: AnalyticsFixture;

  beforeAll(async () => {
    fx = await startAnalyticsFixture({ clock: () => NOW_MS });
    const history = syntheticHistory({ days: 3 });
    await fx.store(history, syntheticActivity(history));
  });
  afterAll(() => fx.close());

  it.each(readmeExamples())('runs on the SQL endpoint: %s', async (sql) => {
    const { status, body } = await fx.post('/v1/sql', { sql });
    expect(body.error).toBeUndefined();
    expect(status).toBe(200);
  });
});
