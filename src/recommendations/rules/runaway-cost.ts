import { runNamed } from '../../analytics/named-sql.js';
import { num, str } from '../../analytics/row-values.js';
import { roundTo } from '../../analytics/stats.js';
import type { JsonValue, Row } from '../../storage/reader.js';
import { formatUsdNanos, nanosToUsd } from '../../util/money.js';
import { MS_PER_DAY } from '../../util/time.js';
import { distinct, mergeBy, modelOf } from '../facts/call-groups.js';
import type { Concerns, Finding } from '../recommendation.js';
import { count } from '../text.js';
import { tooLittleData, windowParams, type Rule, type RuleContext, type RuleResult } from './rule.js';

const KIND = 'runaway_cost';

/** Share of recent runs above the threshold from which the agent, not a few runs, has changed. */
const AGENT_SHIFT_SHARE = 0.5;

/**
 * Runs that cost far more than the agent's own baseline (queries/recommend_run_costs.sql, from
 * the run roll-ups): the baseline is the median cost per run of the agent's runs before the last
 * recent_days (at least min_baseline_runs of them); a recent run costing more than
 * cost_multiplier times that median is a runaway. When most recent runs are, the agent's cost per
 * run has shifted. Savings: the runaways' excess over the median (what a per-run ceiling at the
 * baseline would have kept), per 30 days of the recent period.
 */
export const runawayCostRule: Rule = {
  kind: KIND,
  async evaluate(ctx) {
    const cfg = ctx.config.runaway;
    const result: RuleResult = { findings: [], skipped: [] };
    const recentMs = ctx.lookback.endMs - cfg.recent_days * MS_PER_DAY;
    const rows = await runNamed(ctx.reader, 'recommend_run_costs', { ...windowParams(ctx), recent_us: recentMs * 1000, multiplier: cfg.cost_multiplier });
    const byAgent = new Map(mergeBy(ctx.groups, (g) => g.agent).map((m) => [m.total.agent, m.parts]));
    for (const row of rows) {
      const agent = str(row, 'agent') ?? '';
      const parts = byAgent.get(agent) ?? [];
      const concerns: Concerns = { agents: [agent], models: distinct(parts.map(modelOf)), taskTypes: distinct(parts.map((p) => p.taskType)) };
      const baselineRuns = num(row, 'baseline_runs');
      if (baselineRuns < ctx.config.min_baseline_runs) {
        result.skipped.push(tooLittleData(KIND, concerns, baselineRuns, ctx.config.min_baseline_runs, 'baseline runs'));
        continue;
      }
      if (num(row, 'excess_nanos') <= 0) continue;
      result.findings.push(finding(ctx, row, concerns));
    }
    return result;
  },
};

function finding(ctx: RuleContext, row: Row, concerns: Concerns): Finding {
  const cfg = ctx.config.runaway;
  const agent = concerns.agents[0]!;
  const median = num(row, 'baseline_median_nanos');
  const runaways = num(row, 'runaway_runs');
  const recentRuns = num(row, 'recent_runs');
  const recentMedian = num(row, 'recent_median_nanos');
  const shifted = runaways >= AGENT_SHIFT_SHARE * recentRuns;
  const ceiling = Math.round(cfg.cost_multiplier * median);
  const top = ((row.top_runs as JsonValue[] | null) ?? []).map((t) => {
    const item = t as Row;
    return { run_id: str(item, 'run_id'), start_time: str(item, 'start_time'), cost_usd: nanosToUsd(num(item, 'cost_nanos')) };
  });
  return {
    kind: KIND,
    ...concerns,
    title: shifted ? `${agent}'s cost per run jumped ${roundTo(recentMedian / Math.max(median, 1), 1)}x` : `${count(runaways, 'run')} of ${agent} ran away`,
    problem:
      `${agent}'s runs cost ${formatUsdNanos(median)} at the median over ${count(num(row, 'baseline_runs'), 'earlier run')}; in the last ${cfg.recent_days} days ` +
      `${runaways} of its ${recentRuns} runs cost more than ${cfg.cost_multiplier}x that, ${formatUsdNanos(num(row, 'runaway_cost_nanos'))} in all ` +
      `(${formatUsdNanos(num(row, 'excess_nanos'))} above the median).`,
    solution:
      `Look at the costliest runs (GET /v1/runs/:run_id) for loops, growing context or retries, and cap the agent with a per_run budget ` +
      `of about ${formatUsdNanos(ceiling)} (policy hard) so a runaway stops instead of spending on.`,
    evidence: {
      window_days: ctx.lookback.days,
      recent_days: cfg.recent_days,
      minimum_baseline_runs: ctx.config.min_baseline_runs,
      baseline_runs: num(row, 'baseline_runs'),
      baseline_median_cost_usd: nanosToUsd(median),
      cost_multiplier: cfg.cost_multiplier,
      recent_runs: recentRuns,
      recent_median_cost_usd: nanosToUsd(recentMedian),
      recent_cost_usd: nanosToUsd(num(row, 'recent_cost_nanos')),
      runaway_runs: runaways,
      runaway_cost_usd: nanosToUsd(num(row, 'runaway_cost_nanos')),
      excess_cost_usd: nanosToUsd(num(row, 'excess_nanos')),
      costliest_runs: top,
    },
    savingsNanos: num(row, 'excess_nanos'),
    baseCostNanos: num(row, 'recent_cost_nanos'),
    periodDays: cfg.recent_days,
  };
}
