import { runNamed } from '../../analytics/named-sql.js';
import { num, str } from '../../analytics/row-values.js';
import type { JsonValue, Row } from '../../storage/reader.js';
import { formatUsdNanos, nanosToUsd } from '../../util/money.js';
import { roundTo } from '../../analytics/stats.js';
import { distinct, mergeBy, modelOf } from '../facts/call-groups.js';
import type { Concerns, Finding } from '../recommendation.js';
import { count } from '../text.js';
import { tooLittleData, windowParams, type Rule, type RuleContext, type RuleResult } from './rule.js';

const KIND = 'response_caching';

const modelKey = (g: { agent: string; provider: string; requestModel: string; responseModel: string }) =>
  [g.agent, g.provider, g.requestModel, g.responseModel].join('\n');

/**
 * Identical requests sent again (queries/recommend_repeated_requests.sql: same request hash,
 * successful, not a retry), per agent and model. A response cache keyed by that hash would have
 * answered every repeat: the savings are what the repeats cost. Needs min_calls calls of the
 * agent and model and min_repeated_calls repeats.
 */
export const responseCachingRule: Rule = {
  kind: KIND,
  async evaluate(ctx) {
    const result: RuleResult = { findings: [], skipped: [] };
    const rows = await runNamed(ctx.reader, 'recommend_repeated_requests', windowParams(ctx));
    const byModel = new Map(mergeBy(ctx.groups, modelKey).map((m) => [modelKey(m.total), m]));
    for (const row of rows) {
      const named = { agent: str(row, 'agent') ?? '', provider: str(row, 'provider') ?? '', requestModel: str(row, 'request_model') ?? '', responseModel: str(row, 'response_model') ?? '' };
      const group = byModel.get(modelKey(named));
      const calls = group?.total.calls ?? 0;
      const concerns: Concerns = { agents: [named.agent], models: [modelOf(named)], taskTypes: distinct(group?.parts.map((p) => p.taskType) ?? []) };
      const repeated = num(row, 'repeated_calls');
      if (repeated < ctx.config.response_caching.min_repeated_calls) continue;
      if (calls < ctx.config.min_calls) {
        result.skipped.push(tooLittleData(KIND, concerns, calls, ctx.config.min_calls));
        continue;
      }
      const repeatCost = num(row, 'repeat_cost_nanos');
      if (repeatCost <= 0) continue;
      result.findings.push(finding(ctx, row, concerns, { calls, repeated, repeatCost, costNanos: group!.total.costNanos }));
    }
    return result;
  },
};

interface Repeats {
  calls: number;
  repeated: number;
  repeatCost: number;
  costNanos: number;
}

function finding(ctx: RuleContext, row: Row, concerns: Concerns, r: Repeats): Finding {
  const requests = num(row, 'repeated_requests');
  const agent = concerns.agents[0]!;
  const model = concerns.models[0]!;
  const top = ((row.top_requests as JsonValue[] | null) ?? []).map((t) => {
    const item = t as Row;
    return { request_hash: str(item, 'request_hash'), calls: num(item, 'calls'), repeat_cost_usd: nanosToUsd(num(item, 'repeat_cost_nanos')) };
  });
  return {
    kind: KIND,
    ...concerns,
    title: `Cache ${agent}'s repeated ${model} responses`,
    problem:
      `${agent} sent ${count(requests, 'identical request')} to ${model} more than once: ${count(r.repeated, 'repeat')} ` +
      `(${roundTo((100 * r.repeated) / r.calls, 1)}% of its ${r.calls} calls) that cost ${formatUsdNanos(r.repeatCost)} in ${ctx.lookback.days} days.`,
    solution:
      `Cache responses keyed by the request hash (tokentally.request_hash) and answer repeats from the cache, ` +
      `with an expiry that matches how fresh the answers must be.`,
    evidence: {
      calls: r.calls,
      window_days: ctx.lookback.days,
      minimum_calls: ctx.config.min_calls,
      repeated_requests: requests,
      repeated_calls: r.repeated,
      repeat_share_percent: roundTo((100 * r.repeated) / r.calls, 2),
      repeat_cost_usd: nanosToUsd(r.repeatCost),
      actual_cost_usd: nanosToUsd(r.costNanos),
      top_repeated_requests: top,
    },
    savingsNanos: r.repeatCost,
    baseCostNanos: r.costNanos,
    periodDays: ctx.lookback.days,
  };
}
