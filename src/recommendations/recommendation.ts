import type { JsonValue } from '../storage/reader.js';
import { nanosToUsd } from '../util/money.js';

export const RECOMMENDATION_KINDS = ['model_downgrade', 'response_caching', 'prompt_caching', 'batching', 'retry_waste', 'runaway_cost'] as const;
export type RecommendationKind = (typeof RECOMMENDATION_KINDS)[number];

export type Priority = 'high' | 'medium' | 'low';

/** The numbers a recommendation was computed from, snake_case as the API shows them. */
export type Evidence = Record<string, JsonValue>;

/** What the agents, models and task types a finding concerns; `models` are the models in use. */
export interface Concerns {
  agents: string[];
  models: string[];
  taskTypes: string[];
}

/**
 * What a rule found, before the engine states it per month and ranks it: the savings over the
 * `periodDays` they were measured in, and the spend of the same calls in that period (the base
 * of the percent reduction).
 */
export interface Finding extends Concerns {
  kind: RecommendationKind;
  title: string;
  problem: string;
  solution: string;
  evidence: Evidence;
  savingsNanos: number;
  baseCostNanos: number;
  periodDays: number;
}

export interface Recommendation extends Concerns {
  /** Stable across analyses: the kind and what it concerns. */
  id: string;
  kind: RecommendationKind;
  priority: Priority;
  title: string;
  problem: string;
  solution: string;
  evidence: Evidence;
  monthlySavingsNanos: number;
  percentReduction: number;
}

export type SkipReason =
  | 'too_little_data'
  | 'long_outputs'
  | 'needs_flagship'
  | 'no_cheaper_model'
  | 'already_caching'
  | 'no_batch_price'
  | 'already_batching'
  | 'no_savings'
  | 'small_savings';

/** A recommendation that would have applied but was held back, and why. */
export interface Skip extends Concerns {
  kind: RecommendationKind;
  reason: SkipReason;
  detail: string;
}

export function recommendationJson(r: Recommendation) {
  return {
    id: r.id,
    kind: r.kind,
    priority: r.priority,
    title: r.title,
    problem: r.problem,
    solution: r.solution,
    estimated_monthly_savings_usd: nanosToUsd(r.monthlySavingsNanos),
    percent_reduction: r.percentReduction,
    agents: r.agents,
    models: r.models,
    task_types: r.taskTypes,
    evidence: r.evidence,
  };
}

export type RecommendationJson = ReturnType<typeof recommendationJson>;

export function skipJson(s: Skip) {
  return { kind: s.kind, reason: s.reason, detail: s.detail, agents: s.agents, models: s.models, task_types: s.taskTypes };
}
