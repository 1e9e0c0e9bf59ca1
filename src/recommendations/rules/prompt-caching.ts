import { listValue } from '@duckdb/node-api';
import { runNamed } from '../../analytics/named-sql.js';
import { num, str } from '../../analytics/row-values.js';
import type { PricePlan } from '../../pricing/price-plan.js';
import type { Row } from '../../storage/reader.js';
import { formatUsdNanos, nanosToUsd } from '../../util/money.js';
import { distinct, mergeBy, modelOf, standardTier, type CallGroup } from '../facts/call-groups.js';
import { usageEvidence } from '../evidence.js';
import { standardPrice } from '../pricing/group-prices.js';
import { pricesCacheReads } from '../pricing/price-classes.js';
import { costOf } from '../pricing/what-if.js';
import type { Concerns, Finding } from '../recommendation.js';
import { count, taskPhrase } from '../text.js';
import { tooLittleData, windowParams, type Rule, type RuleContext, type RuleResult } from './rule.js';

const KIND = 'prompt_caching';

const groupKey = (g: { agent: string; taskType: string; provider: string; requestModel: string; responseModel: string }) =>
  [g.agent, g.taskType, g.provider, g.requestModel, g.responseModel].join('\n');

/**
 * Large inputs sent again and again without prompt caching, on a model whose price has cache
 * reads: per agent, task type and model, calls whose every input is at least min_prefix_tokens
 * and that show neither cache reads nor cache writes.
 *
 * The repeated prefix is estimated as the group's smallest input (the system prompt and tool
 * definitions calls of one task share can be no longer than the shortest call). Cache writes are
 * estimated from time: a cached prefix lives cache_ttl_minutes, so each slot of that length with
 * calls pays one write (queries/recommend_cache_slots.sql) and the slot's other calls read it.
 * Savings: the calls' token mix at the model's current price, without and with those cache reads
 * and writes.
 */
export const promptCachingRule: Rule = {
  kind: KIND,
  async evaluate(ctx) {
    const result: RuleResult = { findings: [], skipped: [] };
    const cfg = ctx.config.prompt_caching;
    const candidates: Array<{ g: CallGroup; plan: PricePlan; concerns: Concerns }> = [];
    for (const { total: g } of mergeBy(standardTier(ctx.groups), groupKey)) {
      const plan = standardPrice(ctx.pricing, g, ctx.nowMs)?.plan;
      if (!plan || !pricesCacheReads(plan) || g.minInputTokens < cfg.min_prefix_tokens) continue;
      const concerns: Concerns = { agents: [g.agent], models: [modelOf(g)], taskTypes: distinct([g.taskType]) };
      if (g.cacheReadTokens > 0 || g.cacheWriteTokens > 0) {
        result.skipped.push({ kind: KIND, reason: 'already_caching', detail: `${g.cacheReadTokens} input tokens were read from the cache and ${g.cacheWriteTokens} written to it`, ...concerns });
      } else if (g.calls < ctx.config.min_calls) {
        result.skipped.push(tooLittleData(KIND, concerns, g.calls, ctx.config.min_calls));
      } else {
        candidates.push({ g, plan, concerns });
      }
    }
    if (candidates.length === 0) return result;

    const rows = await runNamed(ctx.reader, 'recommend_cache_slots', {
      ...windowParams(ctx),
      slot_seconds: cfg.cache_ttl_minutes * 60,
      min_input: cfg.min_prefix_tokens,
      agents: listValue(distinct(candidates.map((c) => c.g.agent))),
      models: listValue([...new Set(candidates.map((c) => c.g.responseModel))]),
    });
    const slots = new Map(rows.map((r) => [rowKey(r), num(r, 'slots')]));
    for (const { g, plan, concerns } of candidates) {
      const writes = Math.min(slots.get(groupKey(g)) ?? g.calls, g.calls);
      const prefix = g.minInputTokens;
      const cached = { ...g, cacheReadTokens: prefix * (g.calls - writes), cacheWriteTokens: plan.prices.cache_write_mtok === undefined ? 0 : prefix * writes };
      const currentNanos = costOf(plan, g);
      const cachedNanos = costOf(plan, cached);
      if (cachedNanos >= currentNanos) {
        result.skipped.push({ kind: KIND, reason: 'no_savings', detail: `calls are too far apart: ${writes} cache writes for ${g.calls} calls would cost more than they save`, ...concerns });
        continue;
      }
      result.findings.push(finding(ctx, g, concerns, { prefix, writes, currentNanos, cachedNanos }));
    }
    return result;
  },
};

function rowKey(r: Row): string {
  const name = (column: string) => str(r, column) ?? '';
  return groupKey({ agent: name('agent'), taskType: name('task_type'), provider: name('provider'), requestModel: name('request_model'), responseModel: name('response_model') });
}

interface Estimate {
  prefix: number;
  writes: number;
  currentNanos: number;
  cachedNanos: number;
}

function finding(ctx: RuleContext, g: CallGroup, concerns: Concerns, e: Estimate): Finding {
  const model = modelOf(g);
  return {
    kind: KIND,
    ...concerns,
    title: `Turn on prompt caching for ${g.agent}'s ${taskPhrase(g.taskType)} calls to ${model}`,
    problem:
      `${g.agent} sent ${count(g.calls, 'call')} of at least ${e.prefix} input tokens to ${model}, which prices cache reads, ` +
      `and read nothing from the cache: ${formatUsdNanos(e.currentNanos)} in ${ctx.lookback.days} days at today's prices.`,
    solution:
      `Put the part every call repeats (system prompt, tool definitions, shared context) first and mark it cacheable ` +
      `(Anthropic: cache_control; OpenAI and Gemini cache repeated prefixes of 1,024+ tokens automatically). ` +
      `With a ${e.prefix}-token prefix cached, the same calls cost about ${formatUsdNanos(e.cachedNanos)}.`,
    evidence: {
      ...usageEvidence(g),
      window_days: ctx.lookback.days,
      minimum_calls: ctx.config.min_calls,
      estimated_prefix_tokens: e.prefix,
      estimated_cache_writes: e.writes,
      estimated_cache_reads: g.calls - e.writes,
      cache_ttl_minutes: ctx.config.prompt_caching.cache_ttl_minutes,
      actual_cost_usd: nanosToUsd(g.costNanos),
      cost_at_current_prices_usd: nanosToUsd(e.currentNanos),
      cost_with_prompt_caching_usd: nanosToUsd(e.cachedNanos),
    },
    savingsNanos: e.currentNanos - e.cachedNanos,
    baseCostNanos: e.currentNanos,
    periodDays: ctx.lookback.days,
  };
}
