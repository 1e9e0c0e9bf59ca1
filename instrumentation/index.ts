export {
  currentAttribution,
  injectAttribution,
  withAgent,
  withIncomingAttribution,
  withRun,
  withSession,
  withTask,
  type Attribution,
} from './attribution/context.js';
export { recordCost, type Cost, type CostCategory } from './attribution/record-cost.js';
export { AttributionSpanProcessor } from './attribution/span-processor.js';
export { onBudgetAlert, type BudgetAlert, type BudgetAlertHandler } from './budget/alerts.js';
export {
  BudgetApprovalDeniedError,
  BudgetApprovalRequiredError,
  BudgetError,
  BudgetExceededError,
  BudgetUnavailableError,
  type BudgetApproval,
  type BudgetDenial,
} from './budget/errors.js';
export { BudgetGuard, type BudgetFailMode, type BudgetGuardOptions } from './budget/guard.js';
export { createModelInstrumentations } from './model-calls/instrumentations.js';
export { SemconvAliasSpanProcessor } from './model-calls/semconv-aliases.js';
export { startTokentally, type TokentallyHandle, type TokentallyOptions } from './sdk/start.js';
