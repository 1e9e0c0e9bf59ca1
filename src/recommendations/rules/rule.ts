import type { RecommendationsConfig } from '../../config/schema.js';
import type { PricingService } from '../../pricing/service.js';
import type { Reader } from '../../storage/reader.js';
import type { CallGroup } from '../facts/call-groups.js';
import type { Lookback } from '../facts/lookback.js';
import type { PriceClasses } from '../pricing/price-classes.js';
import type { Finding, RecommendationKind, Skip } from '../recommendation.js';

/** What every rule is given: one tenant's calls of the lookback window and the prices now. */
export interface RuleContext {
  tenant: string;
  nowMs: number;
  lookback: Lookback;
  config: RecommendationsConfig;
  reader: Reader;
  pricing: PricingService;
  classes: PriceClasses;
  /** queries/recommend_call_groups.sql over the lookback window. */
  groups: readonly CallGroup[];
}

export interface RuleResult {
  findings: Finding[];
  skipped: Skip[];
}

/** One kind of recommendation: reads the stored calls, returns what it found and what it held back. */
export interface Rule {
  kind: RecommendationKind;
  evaluate(ctx: RuleContext): Promise<RuleResult>;
}

/** The lookback window as query parameters. */
export function windowParams(ctx: RuleContext) {
  return { tenant: ctx.tenant, start_us: ctx.lookback.startMs * 1000, end_us: ctx.lookback.endMs * 1000 };
}

/** The minimum-data skip every rule reports the same way. */
export function tooLittleData(kind: RecommendationKind, concerns: Pick<Skip, 'agents' | 'models' | 'taskTypes'>, calls: number, minimum: number, what = 'calls'): Skip {
  return { kind, reason: 'too_little_data', detail: `${calls} ${what} in the window; at least ${minimum} are needed`, ...concerns };
}
