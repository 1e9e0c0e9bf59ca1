import type { ConditionalPrice, ModelInfo, ModelPrice } from '@pydantic/genai-prices';
import type { Resolution } from './catalog.js';
import { compilePlan, type FixedPrices, type PricePlan } from './price-plan.js';
import { hasUnitPrices, overrideRange, tokenPrices, type PriceOverride } from './overrides.js';

const MS_PER_DAY = 86_400_000;

/** What priced a call: the plan, where it came from, and the model name to record. */
export interface PricedBy {
  readonly plan: PricePlan;
  readonly source: 'catalog' | 'override';
  /** Recorded as priced_model: the catalog model id, else the override's model. */
  readonly model: string;
  readonly override: PriceOverride | null;
  /** The catalog price period (constraint) in force, null when the model has one price. */
  readonly constraint: ConditionalPrice['constraint'] | null;
}

/**
 * One catalog price period. The library picks a model's price by scanning its conditional
 * prices from the last: the first without a constraint, whose start_date has passed, or whose
 * UTC time-of-day window contains the call wins; if none does, the first. The same rule is
 * applied here to precompiled periods.
 */
interface CatalogPeriod {
  readonly kind: 'always' | 'start_date' | 'time_of_day';
  readonly startMs: number;
  /** Seconds since UTC midnight; a window may wrap past midnight. */
  readonly dayStart: number;
  readonly dayEnd: number;
  readonly prices: ModelPrice;
  readonly constraint: ConditionalPrice['constraint'] | null;
}

interface OverridePeriod {
  readonly fromMs: number;
  readonly toMs: number;
  /** One per catalog period (the override laid over it), or a single one without a catalog model. */
  readonly priced: readonly PricedBy[];
}

/** "HH:MM:SS[.fff](Z|±HH:MM)" -> seconds after UTC midnight, as the library reads it. */
function secondsOfDayUtc(time: string): number {
  const m = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|([+-])(\d{2}):(\d{2}))$/.exec(time);
  if (!m) throw new Error(`invalid time-of-day constraint: ${time}`);
  const local = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(`0.${m[4] ?? ''}`);
  const offset = m[5] === 'Z' ? 0 : (m[6] === '+' ? 1 : -1) * (Number(m[7]) * 60 + Number(m[8])) * 60;
  return (local - offset + 86_400) % 86_400;
}

function catalogPeriods(model: ModelInfo): CatalogPeriod[] {
  const list = Array.isArray(model.prices) ? model.prices : [{ prices: model.prices }];
  return list.map((c): CatalogPeriod => {
    const constraint = c.constraint ?? null;
    if (constraint === null) return { kind: 'always', startMs: 0, dayStart: 0, dayEnd: 0, prices: c.prices, constraint };
    if (constraint.type === 'start_date') {
      return { kind: 'start_date', startMs: Date.parse(constraint.start_date), dayStart: 0, dayEnd: 0, prices: c.prices, constraint };
    }
    return {
      kind: 'time_of_day',
      startMs: 0,
      dayStart: secondsOfDayUtc(constraint.start_time),
      dayEnd: secondsOfDayUtc(constraint.end_time),
      prices: c.prices,
      constraint,
    };
  });
}

function periodApplies(p: CatalogPeriod, ms: number): boolean {
  if (p.kind === 'always') return true;
  if (p.kind === 'start_date') return ms >= p.startMs;
  const seconds = (((ms % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / 1000;
  return p.dayEnd < p.dayStart ? seconds >= p.dayStart || seconds < p.dayEnd : seconds >= p.dayStart && seconds < p.dayEnd;
}

function fixedPrices(o: PriceOverride): FixedPrices | null {
  if (!hasUnitPrices(o)) return null;
  return { perCall: o.per_call ?? 0, perImage: o.per_image ?? 0, perSecond: o.per_second ?? 0, perPage: o.per_page ?? 0 };
}

/**
 * Everything needed to price calls of one (provider, model, tier) at any time: the catalog's
 * price periods and the overrides that match, each compiled once. `at` picks per call.
 */
export class PriceEntry {
  private readonly catalog: readonly CatalogPeriod[];
  private readonly catalogPriced: readonly PricedBy[];
  private readonly overridePeriods: readonly OverridePeriod[];

  /** `overrides` in priority order; for one priority the effective ranges do not overlap. */
  constructor(readonly resolution: Resolution, readonly overrides: readonly PriceOverride[]) {
    const match = resolution.match;
    this.catalog = match ? catalogPeriods(match.model) : [];
    this.catalogPriced = this.catalog.map((p) => ({
      plan: compilePlan(p.prices),
      source: 'catalog',
      model: match!.model.id,
      override: null,
      constraint: p.constraint,
    }));
    this.overridePeriods = overrides.map((o) => {
      const [fromMs, toMs] = overrideRange(o);
      const fixed = fixedPrices(o);
      const own = tokenPrices(o);
      const model = match ? match.model.id : o.model;
      const priced: PricedBy[] =
        this.catalog.length === 0
          ? [{ plan: compilePlan(own, fixed), source: 'override', model, override: o, constraint: null }]
          : this.catalog.map((p) => ({ plan: compilePlan({ ...p.prices, ...own }, fixed), source: 'override', model, override: o, constraint: p.constraint }));
      return { fromMs, toMs, priced };
    });
  }

  /** The price in force at `ms` (epoch milliseconds of the call's start), or null: unpriced. */
  at(ms: number): PricedBy | null {
    const period = this.catalogIndex(ms);
    for (const o of this.overridePeriods) {
      if (ms >= o.fromMs && ms < o.toMs) return o.priced[period < 0 ? 0 : period]!;
    }
    return period < 0 ? null : this.catalogPriced[period]!;
  }

  private catalogIndex(ms: number): number {
    const periods = this.catalog;
    if (periods.length <= 1) return periods.length - 1;
    for (let i = periods.length - 1; i >= 0; i--) if (periodApplies(periods[i]!, ms)) return i;
    return 0;
  }
}
