import type { Concerns, RecommendationKind } from './recommendation.js';

/**
 * Whose recommendations: a tenant's, narrowed to an agent, a model (the model in use: response
 * model, else request model, as budgets and roll-ups name it), a task type or a kind.
 */
export interface RecommendationScope {
  tenant: string;
  agent?: string;
  model?: string;
  task_type?: string;
  kind?: RecommendationKind;
}

export function inScope(item: Concerns & { kind: RecommendationKind }, scope: RecommendationScope): boolean {
  return (
    (scope.agent === undefined || item.agents.includes(scope.agent)) &&
    (scope.model === undefined || item.models.includes(scope.model)) &&
    (scope.task_type === undefined || item.taskTypes.includes(scope.task_type)) &&
    (scope.kind === undefined || item.kind === scope.kind)
  );
}

/** A budget as far as its recommendations go: its tenant and what it limits. */
export interface BudgetTarget {
  tenant: string;
  scope: 'org' | 'agent' | 'run' | 'task_type' | 'model';
  target: string | null;
}

/**
 * The recommendations a budget alert carries: those of the budget's agent, model or task type;
 * for an org or run budget (and an agent budget on every agent), the tenant's.
 */
export function scopeForBudget(b: BudgetTarget): Omit<RecommendationScope, 'kind'> {
  if (b.target === null) return { tenant: b.tenant };
  switch (b.scope) {
    case 'agent':
      return { tenant: b.tenant, agent: b.target };
    case 'model':
      return { tenant: b.tenant, model: b.target };
    case 'task_type':
      return { tenant: b.tenant, task_type: b.target };
    default:
      return { tenant: b.tenant };
  }
}
