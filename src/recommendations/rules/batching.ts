import { runNamed } from '../../analytics/named-sql.js';
import { num, str } from '../../analytics/row-values.js';
import { isStandardTier } from '../../pricing/model-ids.js';
import type { Row } from '../../storage/reader.js';
import { formatUsdNanos, nanosToUsd } from '../../util/money.js';
import { distinct, modelOf } from '../facts/call-groups.js';
import { usageEvidence } from '../evidence.js';
import { batchPrice, standardPrice } from '../pricing/group-prices.js';
import { usageOf, type UsageTotals } from '../pricing/usage.js';
import { costOf } from '../pricing/what-if.js';
import type { Concerns, Finding } from '../recommendation.js';
import { count } from '../text.js';
import { tooLittleData, windowParams, type Rule, type RuleContext, type RuleResult } from './rule.js';

const KIND = 'batching';

interface Bursts {
  agent: string;
  provider: string;
  model: string;
  bursts: number;
  usage: UsageTotals;
  costNanos: number;
}

const key = (agent: string, provider: string, model: string) => `${agent}\n${provider}\n${model}`;

/**
 * Bursts of small calls of one agent to one model (queries/recommend_batch_hours.sql, from the
 * hourly roll-up: hours with at least min_calls_per_hour calls averaging within the small-call
 * limits), where the provider publishes a batch price for the model (pricing/group-prices.ts: the
 * catalog's `<model>:batch` or an override; without one the rule does not fire: no discount is
 * assumed). Savings: the bursts' token mix at the standard and at the batch price. Held back:
 * fewer than min_calls calls in bursts, and agents already sending the model batch or flex calls.
 */
export const batchingRule: Rule = {
  kind: KIND,
  async evaluate(ctx) {
    const cfg = ctx.config.batching;
    const result: RuleResult = { findings: [], skipped: [] };
    const rows = await runNamed(ctx.reader, 'recommend_batch_hours', {
      ...windowParams(ctx),
      min_calls: cfg.min_calls_per_hour,
      max_input: cfg.max_avg_input_tokens,
      max_output: cfg.max_avg_output_tokens,
    });
    const groupsOf = (b: Bursts) => ctx.groups.filter((g) => key(g.agent, g.provider, modelOf(g)) === key(b.agent, b.provider, b.model));
    for (const b of rows.map(burstsOf)) {
      const mine = groupsOf(b);
      const concerns: Concerns = { agents: [b.agent], models: [b.model], taskTypes: distinct(mine.map((g) => g.taskType)) };
      const tiers = distinct(mine.map((g) => g.serviceTier ?? '').filter((t) => !isStandardTier(t)));
      if (tiers.length > 0) {
        result.skipped.push({ kind: KIND, reason: 'already_batching', detail: `calls already go at the ${tiers.join(', ')} tier`, ...concerns });
        continue;
      }
      if (b.usage.calls < ctx.config.min_calls) {
        result.skipped.push(tooLittleData(KIND, concerns, b.usage.calls, ctx.config.min_calls, 'calls in bursts'));
        continue;
      }
      const named = { provider: b.provider, requestModel: b.model, responseModel: b.model };
      const standard = standardPrice(ctx.pricing, named, ctx.nowMs);
      const batch = batchPrice(ctx.pricing, named, ctx.nowMs);
      if (!standard) continue;
      if (!batch) {
        result.skipped.push({ kind: KIND, reason: 'no_batch_price', detail: `neither the catalog nor an override has a batch price for ${b.provider}/${b.model}`, ...concerns });
        continue;
      }
      const standardNanos = costOf(standard.plan, b.usage);
      const batchNanos = costOf(batch.plan, b.usage);
      if (batchNanos >= standardNanos) continue;
      result.findings.push(finding(ctx, b, concerns, { standardNanos, batchNanos, batchModel: batch.override?.model ?? batch.model }));
    }
    return result;
  },
};

function burstsOf(r: Row): Bursts {
  return { agent: str(r, 'agent') ?? '', provider: str(r, 'provider') ?? '', model: str(r, 'model') ?? '', bursts: num(r, 'bursts'), usage: usageOf(r), costNanos: num(r, 'cost_nanos') };
}

interface Prices {
  standardNanos: number;
  batchNanos: number;
  batchModel: string;
}

function finding(ctx: RuleContext, b: Bursts, concerns: Concerns, p: Prices): Finding {
  const cfg = ctx.config.batching;
  return {
    kind: KIND,
    ...concerns,
    title: `Batch ${b.agent}'s bursts of small ${b.model} calls`,
    problem:
      `${b.agent} made ${count(b.usage.calls, 'small call')} to ${b.model} in ${count(b.bursts, 'hour')} of ${cfg.min_calls_per_hour} or more calls, ` +
      `at standard prices: ${formatUsdNanos(p.standardNanos)} in ${ctx.lookback.days} days at today's prices.`,
    solution:
      `Send work that can wait through ${b.provider}'s batch API (priced as ${p.batchModel}): the same calls cost ${formatUsdNanos(p.batchNanos)}. ` +
      `Results arrive asynchronously, so keep interactive steps on the standard API.`,
    evidence: {
      ...usageEvidence(b.usage),
      window_days: ctx.lookback.days,
      minimum_calls: ctx.config.min_calls,
      burst_hours: b.bursts,
      min_calls_per_hour: cfg.min_calls_per_hour,
      batch_priced_as: p.batchModel,
      actual_cost_usd: nanosToUsd(b.costNanos),
      cost_at_standard_prices_usd: nanosToUsd(p.standardNanos),
      cost_at_batch_prices_usd: nanosToUsd(p.batchNanos),
    },
    savingsNanos: p.standardNanos - p.batchNanos,
    baseCostNanos: p.standardNanos,
    periodDays: ctx.lookback.days,
  };
}
