export { createBudgets, createDefaultConfig, validateConfig, budgetsComponentType } from './factory.js';
export { BudgetsService, type BudgetsDeps } from './service.js';
export type { BudgetsConfig, AlertsConfig } from './config.js';
export { systemClock, type Clock } from './clock.js';
export { SIGNATURE_HEADER, TIMESTAMP_HEADER, DELIVERY_HEADER, EVENT_HEADER, signBody } from './delivery/signature.js';
