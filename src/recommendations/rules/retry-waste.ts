import { roundTo } from '../../analytics/stats.js';
import { formatUsdNanos, nanosToUsd } from '../../util/money.js';
import { distinct, mergeBy, modelOf, type CallGroup } from '../facts/call-groups.js';
import type { Concerns, Finding } from '../recommendation.js';
import { count } from '../text.js';
import { tooLittleData, type Rule, type RuleContext, type RuleResult } from './rule.js';

const KIND = 'retry_waste';

/**
 * Money spent on attempts that failed, per agent. A failed attempt's tokens are billed and its
 * answer is thrown away; the retry that follows is the work itself, so the savings are the
 * failed attempts' cost (retries are shown beside it). Fires when that is at least
 * min_waste_percent of the agent's spend over min_calls calls or more.
 */
export const retryWasteRule: Rule = {
  kind: KIND,
  async evaluate(ctx) {
    const result: RuleResult = { findings: [], skipped: [] };
    for (const { total, parts } of mergeBy(ctx.groups, (g) => g.agent)) {
      if (total.failedCostNanos <= 0) continue;
      const failing = parts.filter((p) => p.failedCostNanos > 0);
      const concerns: Concerns = { agents: [total.agent], models: distinct(failing.map(modelOf)), taskTypes: distinct(failing.map((p) => p.taskType)) };
      if (total.calls < ctx.config.min_calls) {
        result.skipped.push(tooLittleData(KIND, concerns, total.calls, ctx.config.min_calls));
        continue;
      }
      if (100 * total.failedCostNanos < ctx.config.retry_waste.min_waste_percent * total.costNanos) continue;
      result.findings.push(finding(ctx, total, concerns));
    }
    return result;
  },
};

function finding(ctx: RuleContext, g: CallGroup, concerns: Concerns): Finding {
  const share = roundTo((100 * g.failedCostNanos) / g.costNanos, 2);
  return {
    kind: KIND,
    ...concerns,
    title: `Stop paying for ${g.agent}'s failed attempts`,
    problem:
      `${count(g.errorCalls, 'call')} of ${g.agent} failed after being billed: ${formatUsdNanos(g.failedCostNanos)} (${share}% of its spend) ` +
      `in ${ctx.lookback.days} days bought nothing; ${count(g.retryCalls, 'retry')} cost another ${formatUsdNanos(g.retryCostNanos)}.`,
    solution:
      `Find what fails (error types in llm_calls.error_type: timeouts, rate limits, output that does not parse) and fix it at the source: ` +
      `shorter prompts or higher timeouts, back-off on 429s, structured output, a cap on attempts per step.`,
    evidence: {
      calls: g.calls,
      window_days: ctx.lookback.days,
      minimum_calls: ctx.config.min_calls,
      failed_calls: g.errorCalls,
      failed_cost_usd: nanosToUsd(g.failedCostNanos),
      retry_calls: g.retryCalls,
      retry_cost_usd: nanosToUsd(g.retryCostNanos),
      actual_cost_usd: nanosToUsd(g.costNanos),
      failed_share_percent: share,
    },
    savingsNanos: g.failedCostNanos,
    baseCostNanos: g.costNanos,
    periodDays: ctx.lookback.days,
  };
}
