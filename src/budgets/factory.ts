import { createDefaultConfig, type BudgetsConfig } from './config.js';
import { BudgetsService, type BudgetsDeps } from './service.js';
import { validateBudgetsConfig } from './model/config-budgets.js';

export const budgetsComponentType = 'budgets';

export { createDefaultConfig };

/** The budgets component for the `budgets` and `alerts` config sections. */
export function createBudgets(config: BudgetsConfig, deps: BudgetsDeps): BudgetsService {
  return new BudgetsService(config, deps);
}

/** Checks the budgets section beyond its schema (targets, periods, parents, allocations); throws naming the key. */
export function validateConfig(config: BudgetsConfig): void {
  validateBudgetsConfig(config.budgets);
}
