import { computeCost, NO_QUANTITIES } from '../../pricing/cost-calculator.js';
import type { PricePlan } from '../../pricing/price-plan.js';
import { NO_USAGE, type UsageTotals } from './usage.js';

/**
 * What `usage` (summed over its calls) costs at `plan`, in nano-dollars: the pricing hot path's
 * own pure function, so a what-if equals calcPrice of @pydantic/genai-prices on the same sums.
 *
 * Token prices are linear, so pricing the sum equals summing the calls, with two exceptions
 * handled here: a price per request applies once per call (computeCost prices one request), and
 * a long-context tier is picked by the average input per call (an approximation only for groups
 * whose calls straddle a tier's threshold).
 */
export function costOf(plan: PricePlan, usage: UsageTotals): number {
  if (usage.calls === 0) return 0;
  const total = computeCost(usage, plan, usage.inputTokens / usage.calls, NO_QUANTITIES).totalCost;
  const perRequest = computeCost(NO_USAGE, plan, 0, NO_QUANTITIES).totalCost;
  return total + (usage.calls - 1) * perRequest;
}
