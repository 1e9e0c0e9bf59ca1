import type { CostBreakdown, TokenUsage } from '../pipeline/records.js';
import { NANOS_PER_USD } from '../util/money.js';
import { COMPONENT, DIRECTION, type PricePlan, type TierSteps } from './price-plan.js';
import { ONE_SLOT, REASONING_SLOT, SLOT_COUNT } from './units.js';

/** How many images, pages and seconds a call or tool run billed (for per-unit override prices). */
export interface UnitQuantities {
  readonly images: number;
  readonly pages: number;
  readonly seconds: number;
}

/** For plans without per-unit prices, where quantities are never read. */
export const NO_QUANTITIES: UnitQuantities = { images: 0, pages: 0, seconds: 0 };

// Reused for every call: pricing is synchronous, so one scratch vector is enough.
const usage = new Float64Array(SLOT_COUNT);

function tierPrice(tiers: TierSteps, inputTokens: number): number {
  let price = tiers.base;
  for (let i = 0; i < tiers.starts.length; i++) if (inputTokens > tiers.starts[i]!) price = tiers.prices[i]!;
  return price;
}

/** USD for `count` units, with the library's own float expressions so sums match it bit for bit. */
function unitUsd(price: number, tiered: boolean, count: number, per: number): number {
  return tiered ? ((price * count) / 1e6) * 1e6 / per : (price * count) / per;
}

/** Rounds a cumulative USD sum to nanos, never past `cap`, so split components stay non-negative. */
function cumulativeNanos(usd: number, cap: number): number {
  const nanos = Math.round(usd * NANOS_PER_USD);
  return nanos < cap ? nanos : cap;
}

/**
 * The cost of one call: a pure function of its usage and a compiled price plan, equal to
 * calcPrice of @pydantic/genai-prices. Each unit is priced with the library's expressions and
 * summed in its order, so `totalCost` is round(calcPrice.total_price * 1e9) exactly, and the
 * input side (input + cacheRead + cacheWrite) is round(input_price * 1e9) exactly.
 *
 * Components are split from those two totals by cumulative rounding, so they are integers that
 * add up to `totalCost` exactly (output may then differ from round(output_price * 1e9) by one
 * nano-dollar). `reasoningCost` is the part of `outputCost` the reasoning tokens account for at
 * the price they are billed at (output_reasoning_mtok where the catalog has it, else the output
 * price); it is reported, not added: it is already inside `outputCost`.
 *
 * The library rejects usage whose parts exceed their whole (more cache reads than input
 * tokens); here such a leaf counts as zero, so bad counts still get the parts priced.
 * `inputTokensForTier` picks long-context tiers (the library uses total input tokens).
 */
export function computeCost(u: TokenUsage, plan: PricePlan, inputTokensForTier: number, quantities: UnitQuantities): CostBreakdown {
  usage[0] = u.inputTokens;
  usage[1] = u.cacheReadTokens;
  usage[2] = u.cacheWriteTokens;
  usage[3] = u.cacheWrite1hTokens;
  usage[4] = u.outputTokens;
  usage[5] = u.reasoningTokens;
  usage[6] = u.inputAudioTokens;
  usage[7] = u.outputAudioTokens;
  usage[8] = u.inputImageTokens;
  usage[9] = u.outputImageTokens;
  usage[ONE_SLOT] = 1;

  let inputSide = 0;
  let outputSide = 0;
  let otherSide = 0;
  let cacheRead = 0;
  let cacheWrite = 0;
  for (let unit = 0; unit < plan.unitCount; unit++) {
    let leaf = 0;
    for (let t = plan.termStart[unit]!; t < plan.termStart[unit + 1]!; t++) leaf += plan.termCoef[t]! * usage[plan.termSlot[t]!]!;
    if (leaf <= 0) continue;
    const tiers = plan.tiers[unit]!;
    const price = tiers === null ? plan.price[unit]! : tierPrice(tiers, inputTokensForTier);
    const usd = unitUsd(price, tiers !== null, leaf, plan.per[unit]!);
    const direction = plan.direction[unit];
    if (direction === DIRECTION.input) {
      inputSide += usd;
      const component = plan.component[unit];
      if (component === COMPONENT.cacheRead) cacheRead += usd;
      else if (component === COMPONENT.cacheWrite) cacheWrite += usd;
    } else if (direction === DIRECTION.output) {
      outputSide += usd;
    } else {
      otherSide += usd;
    }
  }
  const fixed = plan.fixed;
  if (fixed !== null) {
    otherSide += fixed.perCall + fixed.perImage * quantities.images + fixed.perPage * quantities.pages + fixed.perSecond * quantities.seconds;
  }

  const totalCost = Math.round((inputSide + outputSide + otherSide) * NANOS_PER_USD);
  const inputSideNanos = Math.round(inputSide * NANOS_PER_USD);
  const cacheReadCost = cumulativeNanos(cacheRead, inputSideNanos);
  const cacheWriteCost = cumulativeNanos(cacheRead + cacheWrite, inputSideNanos) - cacheReadCost;
  const rest = totalCost - inputSideNanos;
  const otherCost = cumulativeNanos(otherSide, rest);
  const outputCost = rest - otherCost;

  let reasoningCost = 0;
  const reasoningPrice = plan.reasoningPrice;
  if (reasoningPrice !== null && usage[REASONING_SLOT]! > 0) {
    const tiered = typeof reasoningPrice !== 'number';
    const price = tiered ? tierPrice(reasoningPrice, inputTokensForTier) : reasoningPrice;
    reasoningCost = cumulativeNanos(unitUsd(price, tiered, usage[REASONING_SLOT]!, plan.reasoningPer), outputCost);
  }

  return {
    inputCost: inputSideNanos - cacheReadCost - cacheWriteCost,
    outputCost,
    cacheReadCost,
    cacheWriteCost,
    reasoningCost,
    otherCost,
    totalCost,
  };
}
