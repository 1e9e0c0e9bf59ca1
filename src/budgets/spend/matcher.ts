import type { BudgetScope } from '../model/budget.js';

/** One (scope, target) a budget counts: its own, or one of a child budget it rolls up. */
export interface Term {
  scope: BudgetScope;
  target: string | null;
}

/** The dimensions of a call, or of a budget check (where any of them may be unknown). */
export interface Dims {
  agent?: string;
  model?: string;
  taskType?: string;
  runId?: string;
}

export function termMatches(term: Term, dims: Dims): boolean {
  switch (term.scope) {
    case 'org':
      return true;
    case 'agent':
      return dims.agent === term.target;
    case 'model':
      return dims.model === term.target;
    case 'task_type':
      return dims.taskType === term.target;
    case 'run':
      return term.target === null ? dims.runId !== undefined : dims.runId === term.target;
  }
}

export function matchesAny(terms: readonly Term[], dims: Dims): boolean {
  for (const t of terms) if (termMatches(t, dims)) return true;
  return false;
}
