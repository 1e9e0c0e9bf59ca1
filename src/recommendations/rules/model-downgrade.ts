import { distinct, mergeBy, modelOf, standardTier, type CallGroup } from '../facts/call-groups.js';
import { formatUsdNanos, nanosToUsd } from '../../util/money.js';
import { usageEvidence } from '../evidence.js';
import { blendedPerMtok, classOf, type ProviderClasses } from '../pricing/price-classes.js';
import { pickSubstitute } from '../pricing/substitute.js';
import { costOf } from '../pricing/what-if.js';
import type { Concerns, Finding, Skip } from '../recommendation.js';
import { count, perMtok, taskPhrase } from '../text.js';
import { tooLittleData, type Rule, type RuleContext, type RuleResult } from './rule.js';

const KIND = 'model_downgrade';

/**
 * Flagship models doing work a cheaper model of a lower price class does (see
 * pricing/price-classes.ts for the classes and pricing/substitute.ts for the choice), per agent
 * and task type. Savings: the calls' own token mix priced at both models' current prices.
 * Held back: too few calls, task types configured as needing the flagship, and long outputs
 * (where a smaller model's quality shows most).
 */
export const modelDowngradeRule: Rule = {
  kind: KIND,
  async evaluate(ctx) {
    const result: RuleResult = { findings: [], skipped: [] };
    const groups = mergeBy(standardTier(ctx.groups), (g) => [g.agent, g.taskType, g.provider, g.requestModel, g.responseModel].join('\n'));
    for (const { total } of groups) evaluateGroup(ctx, total, result);
    return result;
  },
};

function evaluateGroup(ctx: RuleContext, g: CallGroup, result: RuleResult): void {
  const cfg = ctx.config.model_downgrade;
  const entry = ctx.pricing.entry(g.provider, g.responseModel, g.requestModel, null);
  const priced = entry.at(ctx.nowMs);
  const providerId = entry.resolution.match?.provider.id;
  const blended = priced ? blendedPerMtok(priced.plan) : null;
  const classes = providerId === undefined ? null : ctx.classes.of(providerId, ctx.nowMs);
  if (!priced || blended === null || classes === null || classOf(classes, blended) !== 'flagship') return;

  const concerns: Concerns = { agents: [g.agent], models: [modelOf(g)], taskTypes: distinct([g.taskType]) };
  const skip = (reason: Skip['reason'], detail: string) => result.skipped.push({ kind: KIND, reason, detail, ...concerns });
  const avgOutput = g.outputTokens / g.calls;
  if (g.calls < ctx.config.min_calls) {
    result.skipped.push(tooLittleData(KIND, concerns, g.calls, ctx.config.min_calls));
    return;
  }
  if (cfg.needs_flagship_task_types.includes(g.taskType)) {
    skip('needs_flagship', `task type "${g.taskType}" is configured as needing the flagship (recommendations.model_downgrade.needs_flagship_task_types)`);
    return;
  }
  if (avgOutput > cfg.max_avg_output_tokens) {
    skip('long_outputs', `outputs average ${Math.round(avgOutput)} tokens, above ${cfg.max_avg_output_tokens} (recommendations.model_downgrade.max_avg_output_tokens)`);
    return;
  }
  const substitute = pickSubstitute({ classes, pool: cfg.any_provider ? ctx.classes.everyModel(ctx.nowMs) : classes.models, currentClass: 'flagship', minContextTokens: g.maxInputTokens });
  if (!substitute) {
    skip('no_cheaper_model', `no current text model of a lower price class${cfg.any_provider ? '' : ` of ${providerId}`} holds inputs of ${g.maxInputTokens} tokens`);
    return;
  }
  const currentNanos = costOf(priced.plan, g);
  const suggestedNanos = costOf(substitute.candidate.plan, g);
  if (suggestedNanos >= currentNanos) {
    skip('no_savings', `${substitute.candidate.model.id} would not cost less for this token mix`);
    return;
  }
  result.findings.push(finding(ctx, g, concerns, { classes, blended, model: priced.model, currentNanos, suggestedNanos, substitute }));
}

interface Comparison {
  classes: ProviderClasses;
  blended: number;
  model: string;
  currentNanos: number;
  suggestedNanos: number;
  substitute: NonNullable<ReturnType<typeof pickSubstitute>>;
}

function finding(ctx: RuleContext, g: CallGroup, concerns: Concerns, c: Comparison): Finding {
  const sub = c.substitute.candidate;
  const suggested = `${sub.provider.id}/${sub.model.id}`;
  return {
    kind: KIND,
    ...concerns,
    title: `Move ${g.agent}'s ${taskPhrase(g.taskType)} calls from ${modelOf(g)} to ${sub.model.id}`,
    problem:
      `${g.agent} sent ${count(g.calls, 'call')} of task type ${taskPhrase(g.taskType)} to ${modelOf(g)}, a flagship-class model ` +
      `(${perMtok(c.blended)} input+output), with short outputs (${Math.round(g.outputTokens / g.calls)} tokens on average): ` +
      `${formatUsdNanos(c.currentNanos)} in ${ctx.lookback.days} days at today's prices.`,
    solution:
      `Route these calls to ${suggested} (${c.substitute.priceClass} class, ${perMtok(sub.blendedPerMtok)}): the same token mix costs ` +
      `${formatUsdNanos(c.suggestedNanos)}. Check its answers on a sample first; task types that need the flagship can be listed in ` +
      `recommendations.model_downgrade.needs_flagship_task_types.`,
    evidence: {
      ...usageEvidence(g),
      window_days: ctx.lookback.days,
      minimum_calls: ctx.config.min_calls,
      max_avg_output_tokens: ctx.config.model_downgrade.max_avg_output_tokens,
      current_provider: c.classes.providerId,
      current_model: c.model,
      current_price_class: 'flagship',
      current_blended_price_per_mtok: c.blended,
      suggested_provider: sub.provider.id,
      suggested_model: sub.model.id,
      suggested_price_class: c.substitute.priceClass,
      suggested_blended_price_per_mtok: sub.blendedPerMtok,
      actual_cost_usd: nanosToUsd(g.costNanos),
      cost_at_current_prices_usd: nanosToUsd(c.currentNanos),
      cost_at_suggested_prices_usd: nanosToUsd(c.suggestedNanos),
    },
    savingsNanos: c.currentNanos - c.suggestedNanos,
    baseCostNanos: c.currentNanos,
    periodDays: ctx.lookback.days,
  };
}
