import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recommendationsFixture, type Fixture } from '../recommendations/support/fixture.js';
import { storedNanos } from '../recommendations/support/history.js';
import type { CallSpec } from '../recommendations/support/otlp.js';
import { registerAgents } from '../recommendations/support/registry.js';

const HAIKU = { provider: 'anthropic', model: 'claude-haiku-4-5', input: 1_500, output: 300 };

/** `count` runs of `calls` calls on consecutive days from `firstDay`; `failLast` runs end in a failed call. */
function runs(agent: string, firstDay: string, count: number, calls: number, durationMs: number, failLast = 0): CallSpec[] {
  const out: CallSpec[] = [];
  for (let r = 0; r < count; r++) {
    const start = Date.parse(`${firstDay}T09:00:00Z`) + r * 86_400_000;
    for (let i = 0; i < calls; i++) {
      out.push({ agent, ...HAIKU, runId: `${agent}-${firstDay}-${r}`, startMs: start + i * 60_000, durationMs, error: r < failLast && i === calls - 1 });
    }
  }
  return out;
}

const researcherSep = runs('researcher', '2026-09-05', 4, 2, 2_000);
const researcherOct = runs('researcher', '2026-10-03', 6, 2, 2_000);
const researcherNov = runs('researcher', '2026-11-02', 5, 2, 2_000, 1);
const supportNov = runs('support-bot', '2026-11-10', 6, 1, 1_000);
const strayNov = runs('stray', '2026-11-05', 3, 1, 500);

const cost = (calls: CallSpec[]) => storedNanos(calls, 'anthropic');
const usd = (nanos: number) => Math.round(nanos) / 1e9;
const roi = (human: number, spent: number) => Math.round((10_000 * (human - spent)) / spent) / 100;

interface Body {
  [k: string]: unknown;
  data: Array<Record<string, unknown>>;
}

describe('workforce ROI reports', () => {
  let fx: Fixture;
  const get = async (path: string) => (await fx.api.get<Body>(path)).body;

  beforeAll(async () => {
    fx = await recommendationsFixture([...researcherSep, ...researcherOct, ...researcherNov, ...supportNov, ...strayNov]);
    await registerAgents(fx.server.apiUrl, {
      researcher: { display_name: 'Research agent', department: 'research', role: 'analyst', human_equivalent_monthly_cost_usd: 6_000 },
      'support-bot': { department: 'support', role: 'tier-1 support', human_equivalent_monthly_cost_usd: 3_000 },
      idle: { department: 'support', human_equivalent_monthly_cost_usd: 5_000 },
    });
  });
  afterAll(() => fx.stop());

  it('summarises this month: agent cost against the human equivalent of the agents that state one', async () => {
    const body = await get('/v1/workforce/summary');
    // November 1-20: researcher's 6,000/month for 20 of 30 days; support-bot's 3,000 from its first day, the 10th (11 days).
    const human = 4_000e9 + 1_100e9;
    const compared = cost(researcherNov) + cost(supportNov);
    const all = compared + cost(strayNov);
    expect(body).toMatchObject({
      period: 'month',
      start_date: '2026-11-01',
      end_date: '2026-11-20',
      agents: { active: 3, registered: 3, with_human_equivalent: 2 },
      agent_cost_usd: usd(all),
      human_equivalent_cost_usd: usd(human),
      compared_agent_cost_usd: usd(compared),
      savings_usd: usd(human - compared),
      roi_percent: roi(human, compared),
      runs: 14,
      tasks_completed: 13,
      invocations: 19,
      errors: 1,
      error_rate_percent: Math.round(10_000 / 19) / 100,
      average_response_time_ms: Math.round((10 * (10 * 2_000 + 6 * 1_000 + 3 * 500)) / 19) / 10,
      cost_per_task_usd: usd(all / 13),
    });
    expect((body.by_department as Array<Record<string, unknown>>).map((d) => [d.department, d.agents])).toEqual([
      ['research', 1],
      ['support', 1],
      [null, 1],
    ]);
  });

  it('lists agents with their own ROI, tasks and response time', async () => {
    const body = await get('/v1/workforce/agents');
    const byName = new Map(body.data.map((a) => [a.agent, a]));
    expect(byName.get('researcher')).toMatchObject({
      display_name: 'Research agent',
      department: 'research',
      role: 'analyst',
      registered: true,
      agent_cost_usd: usd(cost(researcherNov)),
      human_equivalent_cost_usd: 4_000,
      savings_usd: usd(4_000e9 - cost(researcherNov)),
      roi_percent: roi(4_000e9, cost(researcherNov)),
      runs: 5,
      tasks_completed: 4,
      invocations: 10,
      errors: 1,
      average_response_time_ms: 2_000,
      cost_per_task_usd: usd(cost(researcherNov) / 4),
    });
    expect(byName.get('stray')).toMatchObject({ registered: false, human_equivalent_cost_usd: null, roi_percent: null, tasks_completed: 3 });
    expect(byName.get('idle')).toMatchObject({ registered: true, agent_cost_usd: 0, human_equivalent_cost_usd: null, cost_per_task_usd: null, average_response_time_ms: null });
  });

  it('filters agents by department and pages', async () => {
    const body = await get('/v1/workforce/agents?department=support&limit=1');
    expect(body.data.map((a) => a.agent)).toEqual(['support-bot']);
    expect(body.pagination).toEqual({ total: 2, limit: 1, offset: 0, has_more: true });
  });

  it('answers for a chosen window', async () => {
    const body = await get('/v1/workforce/summary?start_date=2026-10-01&end_date=2026-10-31');
    expect(body).toMatchObject({ agent_cost_usd: usd(cost(researcherOct)), human_equivalent_cost_usd: 6_000, tasks_completed: 6 });
  });

  it('trends month over month', async () => {
    const body = await get('/v1/workforce/trends?months=3');
    const [sep, oct, nov] = body.data;
    // September: from the researcher's first day, the 5th: 26 of 30 days.
    expect(sep).toMatchObject({ month: '2026-09', agents: 1, agent_cost_usd: usd(cost(researcherSep)), human_equivalent_cost_usd: 5_200, tasks_completed: 4 });
    expect(sep!.change_percent).toEqual({ agent_cost: null, savings: null, tasks_completed: null, cost_per_task: null });
    expect(oct).toMatchObject({ month: '2026-10', end_date: '2026-10-31', human_equivalent_cost_usd: 6_000, roi_percent: roi(6_000e9, cost(researcherOct)) });
    expect(oct!.change_percent).toMatchObject({ agent_cost: Math.round((10_000 * (cost(researcherOct) - cost(researcherSep))) / cost(researcherSep)) / 100, tasks_completed: 50 });
    expect(nov).toMatchObject({ month: '2026-11', end_date: '2026-11-20', agents: 3, tasks_completed: 13 });
    expect((await get('/v1/workforce/trends?months=2&department=support')).data.map((m) => m.tasks_completed)).toEqual([0, 6]);
  });

  it('names a bad parameter', async () => {
    const { status, body } = await fx.api.get<{ error: { message: string } }>('/v1/workforce/trends?months=99');
    expect(status).toBe(400);
    expect(body.error.message).toContain('"months"');
  });
});
