import type { ModelPrice } from '@pydantic/genai-prices';
import { ONE_SLOT, REQUESTS_USAGE_KEY, SLOT_COUNT, UNITS, UNITS_BY_PRICE_KEY, isDescendant, slotOf, type UnitDef } from './units.js';

/** Where a unit's cost is reported (CostBreakdown fields). */
export const COMPONENT = { input: 0, cacheRead: 1, cacheWrite: 2, output: 3, other: 4 } as const;
export type ComponentIndex = (typeof COMPONENT)[keyof typeof COMPONENT];

/** The library's split of a price into input_price / output_price / the rest (requests, searches). */
export const DIRECTION = { input: 0, output: 1, none: 2 } as const;

/** A long-context price: `base` until the call's input tokens exceed a tier's `start`. */
export interface TierSteps {
  readonly base: number;
  /** Ascending. */
  readonly starts: Float64Array;
  readonly prices: Float64Array;
}

/** Prices that are not per token: overrides for tools, scraping, image and video jobs (USD). */
export interface FixedPrices {
  readonly perCall: number;
  readonly perImage: number;
  readonly perSecond: number;
  readonly perPage: number;
}

/**
 * One price set compiled for the hot path. The library prices the *leaf* quantity of every
 * priced unit: its usage minus the leaves of its priced descendants (uncached text input =
 * input_tokens - cache reads - cache writes - priced audio input …). Which usage slots feed
 * which leaf depends only on which units are priced, so that arithmetic is done once here,
 * symbolically, and a call only evaluates small signed sums.
 */
export interface PricePlan {
  readonly unitCount: number;
  /** Sparse leaf formulas: unit u sums coef[t] * usage[slot[t]] for t in [termStart[u], termStart[u+1]). */
  readonly termStart: Uint16Array;
  readonly termSlot: Uint8Array;
  readonly termCoef: Int8Array;
  readonly price: Float64Array;
  /** Non-null where the unit's price is tiered. */
  readonly tiers: ReadonlyArray<TierSteps | null>;
  readonly per: Float64Array;
  readonly component: Uint8Array;
  readonly direction: Uint8Array;
  /** Price of the unit that bills reasoning tokens (output_reasoning_mtok if priced, else output_mtok). */
  readonly reasoningPrice: number | TierSteps | null;
  readonly reasoningPer: number;
  readonly fixed: FixedPrices | null;
  /** The price set as given, for display. */
  readonly prices: ModelPrice;
}

type Vector = number[];

function isTiered(value: unknown): value is { base: number; tiers: Array<{ start: number; price: number }> } {
  return typeof value === 'object' && value !== null;
}

function toTierSteps(value: { base: number; tiers: Array<{ start: number; price: number }> }): TierSteps {
  const sorted = [...value.tiers].sort((a, b) => a.start - b.start);
  return { base: value.base, starts: Float64Array.from(sorted, (t) => t.start), prices: Float64Array.from(sorted, (t) => t.price) };
}

function componentOf(unit: UnitDef): ComponentIndex {
  const d = unit.dimensions;
  if (d.direction === 'output') return COMPONENT.output;
  if (d.direction !== 'input') return COMPONENT.other;
  if (d.token_type === 'cache_read') return COMPONENT.cacheRead;
  if (d.token_type === 'cache_write') return COMPONENT.cacheWrite;
  return COMPONENT.input;
}

function directionOf(unit: UnitDef): number {
  if (unit.dimensions.direction === 'input') return DIRECTION.input;
  if (unit.dimensions.direction === 'output') return DIRECTION.output;
  return DIRECTION.none;
}

/** Most specific first, ties by usage key: the order in which the library computes leaves. */
function leafOrder(a: UnitDef, b: UnitDef): number {
  return Object.keys(b.dimensions).length - Object.keys(a.dimensions).length || a.usageKey.localeCompare(b.usageKey);
}

/** Symbolic leaves: each priced unit's leaf as a vector over the usage slots. */
function leafVectors(units: UnitDef[]): Map<string, Vector> {
  const leaves = new Map<string, Vector>();
  for (const unit of [...units].sort(leafOrder)) {
    const leaf: Vector = new Array<number>(SLOT_COUNT).fill(0);
    const own = slotOf(unit.usageKey);
    if (own >= 0) leaf[own] = 1;
    for (const other of units) {
      if (other === unit || !isDescendant(unit, other)) continue;
      const sub = leaves.get(other.usageKey)!;
      for (let s = 0; s < SLOT_COUNT; s++) leaf[s]! -= sub[s]!;
    }
    leaves.set(unit.usageKey, leaf);
  }
  return leaves;
}

/**
 * Compiles a catalog (or override-merged) price set. Price keys the unit schema does not know
 * are ignored, as the library ignores them; units whose leaf can only be zero for the usage
 * tokentally records (web searches, video tokens…) are dropped since they can never cost.
 */
export function compilePlan(prices: ModelPrice, fixed: FixedPrices | null = null): PricePlan {
  const priced: Array<{ unit: UnitDef; value: number | TierSteps }> = [];
  for (const [priceKey, value] of Object.entries(prices)) {
    const unit = UNITS_BY_PRICE_KEY.get(priceKey);
    if (value === undefined || !unit) continue;
    priced.push({ unit, value: isTiered(value) ? toTierSteps(value) : value });
  }
  const leaves = leafVectors(priced.map((p) => p.unit).filter((u) => u.usageKey !== REQUESTS_USAGE_KEY));

  const termStart: number[] = [0];
  const termSlot: number[] = [];
  const termCoef: number[] = [];
  const kept: Array<{ unit: UnitDef; value: number | TierSteps }> = [];
  for (const p of priced) {
    const leaf = p.unit.usageKey === REQUESTS_USAGE_KEY ? oneHot(ONE_SLOT) : leaves.get(p.unit.usageKey)!;
    if (leaf.every((c) => c === 0)) continue;
    leaf.forEach((c, slot) => {
      if (c !== 0) {
        termSlot.push(slot);
        termCoef.push(c);
      }
    });
    termStart.push(termSlot.length);
    kept.push(p);
  }

  const reasoningOwner = reasoningOwnerOf(priced.map((p) => p.unit));
  const owner = reasoningOwner ? priced.find((p) => p.unit === reasoningOwner) : undefined;
  return {
    unitCount: kept.length,
    termStart: Uint16Array.from(termStart),
    termSlot: Uint8Array.from(termSlot),
    termCoef: Int8Array.from(termCoef),
    price: Float64Array.from(kept, (p) => (typeof p.value === 'number' ? p.value : p.value.base)),
    tiers: kept.map((p) => (typeof p.value === 'number' ? null : p.value)),
    per: Float64Array.from(kept, (p) => p.unit.per),
    component: Uint8Array.from(kept, (p) => componentOf(p.unit)),
    direction: Uint8Array.from(kept, (p) => directionOf(p.unit)),
    reasoningPrice: owner?.value ?? null,
    reasoningPer: owner?.unit.per ?? 1,
    fixed,
    prices,
  };
}

function oneHot(slot: number): Vector {
  const v: Vector = new Array<number>(SLOT_COUNT).fill(0);
  v[slot] = 1;
  return v;
}

/** The most specific priced unit that reasoning tokens fall in (output_reasoning_tokens or output_tokens). */
function reasoningOwnerOf(units: UnitDef[]): UnitDef | undefined {
  const reasoning = UNITS.get('output_reasoning_tokens')!;
  return units.filter((u) => isDescendant(u, reasoning)).sort(leafOrder)[0];
}
