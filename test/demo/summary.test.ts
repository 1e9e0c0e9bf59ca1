import { describe, expect, it } from 'vitest';
import type { SetupResult } from '../../src/demo/api-setup.js';
import { planDemo } from '../../src/demo/plan.js';
import { formatSummary } from '../../src/demo/summary.js';

const plan = planDemo({ seed: 1, days: 3, runsPerDay: 2, nowMs: Date.parse('2026-03-18T15:30:00Z') });

function summary(agents: SetupResult[], budgets: SetupResult[]): string {
  return formatSummary({ plan, spansSent: plan.totals.spans, agents, budgets }, { elapsedMs: 4_321, apiUrl: 'http://127.0.0.1:4319/' });
}

describe('demo summary', () => {
  it('says what was sent and where to look', () => {
    const text = summary([{ status: 'done', name: 'planner' }], [{ status: 'done', name: 'org-monthly' }, { status: 'exists', name: 'writer-weekly' }]);
    expect(text).toContain(`sent ${plan.totals.spans.toLocaleString('en-US')} spans in 4.3 s`);
    expect(text).toContain('3 days (2026-03-16 to 2026-03-18, UTC)');
    expect(text).toContain('registry     1 agents registered (planner)');
    expect(text).toContain('budgets      1 created (org-monthly); 1 already there (writer-weekly)');
    expect(text).toContain('dashboard    http://127.0.0.1:4319/\n');
  });

  it('explains a server without the endpoints, or no API at all', () => {
    const unavailable = (name: string): SetupResult => ({ status: 'unavailable', name, detail: 'POST /v1/budgets is not available on this server' });
    const text = summary([{ status: 'unreachable', name: 'planner', detail: 'nothing answers at http://127.0.0.1:4319 (pass --api URL)' }], []);
    expect(text).toContain('registry     skipped: nothing answers at http://127.0.0.1:4319 (pass --api URL)');
    expect(text).toContain('budgets      skipped: the API did not answer');
    expect(summary([], [unavailable('a'), unavailable('b')])).toContain('budgets      skipped: POST /v1/budgets is not available on this server');
    expect(summary([], [{ status: 'failed', name: 'a', detail: 'POST /v1/budgets answered 400: bad' }])).toContain('budgets      1 failed: POST /v1/budgets answered 400: bad');
  });
});
