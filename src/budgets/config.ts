import { configSchema, type BudgetConfig, type TokentallyConfig } from '../config/schema.js';

export type AlertsConfig = TokentallyConfig['alerts'];
export type WebhookConfig = AlertsConfig['webhook'];
export type EmailConfig = NonNullable<AlertsConfig['email']>;

/** The two otel-config.yaml sections the budgets component reads. */
export interface BudgetsConfig {
  budgets: BudgetConfig[];
  alerts: AlertsConfig;
}

export function createDefaultConfig(): BudgetsConfig {
  const defaults = configSchema.parse({});
  return { budgets: defaults.budgets, alerts: defaults.alerts };
}
