import type { BudgetStatus } from '../engine/status.js';
import { statusJson } from '../engine/status.js';
import type { Severity } from '../store/notifications-store.js';
import { formatUsdNanos } from '../../util/money.js';
import { recommendations } from './recommendations.js';

export function thresholdSeverity(threshold: number): Severity {
  if (threshold >= 100) return 'critical';
  if (threshold >= 80) return 'warning';
  return 'info';
}

/** The alert sent when spend crosses `threshold` percent of a budget: by webhook, email and notification. */
export function composeThresholdAlert(id: string, threshold: number, s: BudgetStatus, firedMs: number) {
  const b = s.budget;
  const where = s.runId === null ? `period ${s.periodKey}` : `run ${s.runId}`;
  const title = `Budget "${b.name}" reached ${threshold}% (${formatUsdNanos(s.spentNanos)} of ${formatUsdNanos(b.limitNanos)})`;
  const depletion =
    s.state === 'exceeded'
      ? b.policy === 'hard'
        ? 'The budget is exhausted and its hard policy now stops calls.'
        : 'The budget is exhausted; its soft policy does not stop calls.'
      : s.projection.hoursUntilDepleted === null
        ? ''
        : `At the current rate it runs out in about ${Math.round(s.projection.hoursUntilDepleted * 10) / 10} h.`;
  const message = `${b.scope === 'org' ? 'Org' : `${b.scope.replace('_', ' ')} ${b.target ?? '(every run)'}`} spent ${formatUsdNanos(s.spentNanos)} in ${where}: ${s.percent}% of ${formatUsdNanos(b.limitNanos)}. ${depletion}`.trim();
  return {
    type: 'budget.threshold' as const,
    id,
    tenant: b.tenant,
    fired_at: new Date(firedMs).toISOString(),
    threshold_percent: threshold,
    severity: thresholdSeverity(threshold),
    title,
    message,
    ...statusJson(s),
    recommended_actions: recommendations(s),
  };
}
