import { budgetSchema } from '../../config/schema.js';
import { isValidTimeZone } from '../../util/time.js';
import type { BudgetSettings } from './budget.js';
import { InputError } from './errors.js';
import { nanosField, parseInput } from './input.js';

/** API bodies take the tenant from the API key, never from the body. */
const apiBudgetSchema = budgetSchema.omit({ tenant: true });

const NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export interface ParsedBudget {
  name: string;
  settings: BudgetSettings;
}

function checkUrls(urls: string[], field: string): void {
  urls.forEach((url, i) => {
    if (!/^https?:\/\//i.test(url)) throw new InputError(`${field}[${i}]`, 'a webhook must be an http:// or https:// URL');
  });
}

/**
 * Validates one budget on its own (shape, field values, scope/period combinations). Rules that
 * involve other budgets (parent, allocation) are in hierarchy.ts.
 */
export function parseBudget(input: unknown): ParsedBudget {
  const b = parseInput(apiBudgetSchema, input);
  if (!NAME.test(b.name)) {
    throw new InputError('name', 'name must be 1-128 letters, digits, ".", "_", ":" or "-", starting with a letter or digit');
  }
  if (b.scope === 'org' && b.target !== undefined) throw new InputError('target', 'an org budget has no target');
  if ((b.scope === 'agent' || b.scope === 'task_type' || b.scope === 'model') && b.target === undefined) {
    throw new InputError('target', `a ${b.scope} budget needs a target (the ${b.scope.replace('_', ' ')} it limits)`);
  }
  if (b.scope === 'run' && b.period !== 'per_run') throw new InputError('period', 'a run budget has period per_run');
  if (b.period === 'per_run' && (b.scope === 'task_type' || b.scope === 'model')) {
    throw new InputError('period', 'period per_run applies to scopes run, org and agent');
  }
  if (!isValidTimeZone(b.timezone)) throw new InputError('timezone', `unknown time zone "${b.timezone}"; use an IANA name such as UTC or Europe/Paris`);
  const thresholds = [...b.thresholds].sort((x, y) => x - y);
  if (new Set(thresholds).size !== thresholds.length) throw new InputError('thresholds', 'thresholds must be distinct');
  checkUrls(b.webhooks, 'webhooks');
  if (b.parent === b.name) throw new InputError('parent', 'a budget cannot be its own parent');
  return {
    name: b.name,
    settings: {
      scope: b.scope,
      target: b.target ?? null,
      period: b.period,
      limitNanos: nanosField(b.limit_usd, 'limit_usd'),
      thresholds,
      policy: b.policy,
      timezone: b.timezone,
      webhooks: b.webhooks,
      emails: b.emails,
      parent: b.parent ?? null,
      overrunPolicy: b.overrun_policy,
      approvalThresholdNanos: b.approval_threshold_usd === undefined ? null : nanosField(b.approval_threshold_usd, 'approval_threshold_usd'),
    },
  };
}
