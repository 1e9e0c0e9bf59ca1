import { diag } from '@opentelemetry/api';

/** A soft warning the collector attached to an allowed budget check. */
export interface BudgetAlert {
  budget: string;
  /** The threshold crossed, in percent of the limit (50, 80, 95, 100…). */
  thresholdPercent: number;
  spentUsd?: number;
  limitUsd?: number;
  policy?: 'soft' | 'hard';
  resetsAt?: string;
}

export type BudgetAlertHandler = (alert: BudgetAlert) => void;

const handlers = new Set<BudgetAlertHandler>();
// Each threshold fires at most once per budget period on the collector; the check repeats the
// warning on every answer, so the process reports it once. Bounded, as budgets are few.
const delivered = new Set<string>();
const MAX_DELIVERED = 1_000;

/**
 * Calls `handler` for each soft budget warning (a threshold crossed) that the collector's budget
 * check reports, e.g. to switch to a cheaper model or pause background work. Returns a function
 * that removes the handler.
 */
export function onBudgetAlert(handler: BudgetAlertHandler): () => void {
  handlers.add(handler);
  return () => {
    handlers.delete(handler);
  };
}

export function deliverBudgetAlert(alert: BudgetAlert): void {
  const key = `${alert.budget}\u0000${alert.thresholdPercent}\u0000${alert.resetsAt ?? ''}`;
  if (delivered.has(key)) return;
  if (delivered.size >= MAX_DELIVERED) delivered.clear();
  delivered.add(key);
  for (const handler of handlers) {
    try {
      handler(alert);
    } catch (error) {
      // An alert handler's bug must not fail the model call that carried the warning.
      diag.warn('tokentally: onBudgetAlert handler threw', error);
    }
  }
}
