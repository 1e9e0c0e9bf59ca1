import type { ModelInfo, Provider } from '@pydantic/genai-prices';
import type { PriceOverride } from '../../pricing/overrides.js';
import type { PricePlan } from '../../pricing/price-plan.js';
import type { PricingService } from '../../pricing/service.js';
import { MS_PER_DAY } from '../../util/time.js';

/**
 * Price classes, derived from the catalog (never typed in):
 *
 * 1. A provider's *current text models* are its catalog models that are not deprecated, are not
 *    a variant id (`gpt-4o:extended`, `ft:…`, `…:batch`), are priced (catalog, with overrides laid
 *    over it) at the time asked for with both an input and an output token price, and have no
 *    image, audio-output, video-output or per-hour price (image, speech and realtime models do
 *    other jobs). When any of them prices cache reads, those that do not are left out too: they
 *    predate prompt caching (gpt-4, claude-2) or are not chat models.
 * 2. A model's *blended price* is its input plus output price per million tokens (the base price
 *    of a long-context tiered price).
 * 3. The range from the cheapest to the priciest current text model is cut in three equal parts
 *    on a log scale: `economy`, `standard`, `flagship` (the top third). A provider with fewer than
 *    three such models, or whose priciest is less than MIN_SPREAD times its cheapest, has no
 *    classes: nothing of it is called a flagship.
 *
 * Any model (a current text model or not) is classed by where its blended price falls.
 */
export type PriceClass = 'flagship' | 'standard' | 'economy';

/** Lowest class first: a class's index is its rank. */
export const PRICE_CLASSES: readonly PriceClass[] = ['economy', 'standard', 'flagship'];

const MIN_MODELS = 3;
const MIN_SPREAD = 4;

const NON_TEXT_PRICES = ['input_image_mtok', 'output_image_mtok', 'output_audio_mtok', 'output_video_mtok', 'audio_hours', 'input_audio_hours'];

export interface ClassedModel {
  provider: Provider;
  model: ModelInfo;
  plan: PricePlan;
  blendedPerMtok: number;
}

export interface ProviderClasses {
  providerId: string;
  /** Blended prices from which a model is standard, and flagship (USD per million tokens). */
  standardFrom: number;
  flagshipFrom: number;
  /** Its current text models, priciest first. */
  models: ClassedModel[];
}

function basePrice(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'object' && value !== null && 'base' in value && typeof value.base === 'number') return value.base;
  return null;
}

/** Input plus output price per million tokens; null without both. */
export function blendedPerMtok(plan: PricePlan): number | null {
  const input = basePrice(plan.prices.input_mtok);
  const output = basePrice(plan.prices.output_mtok);
  return input !== null && output !== null && input > 0 && output > 0 ? input + output : null;
}

export function pricesCacheReads(plan: PricePlan): boolean {
  const cacheRead = basePrice(plan.prices.cache_read_mtok);
  const input = basePrice(plan.prices.input_mtok);
  return cacheRead !== null && input !== null && cacheRead < input;
}

export function classOf(classes: ProviderClasses, blended: number): PriceClass {
  return blended >= classes.flagshipFrom ? 'flagship' : blended >= classes.standardFrom ? 'standard' : 'economy';
}

export function classRank(c: PriceClass): number {
  return PRICE_CLASSES.indexOf(c);
}

/** Catalog price classes at a time, computed once per provider and day (and again when overrides change). */
export class PriceClasses {
  private readonly byProvider = new Map<string, ProviderClasses | null>();
  private everyProvider: ClassedModel[] | undefined;
  private stampDay = Number.NaN;
  private stampOverrides: readonly PriceOverride[] = [];

  constructor(private readonly pricing: PricingService) {}

  /** The classes of catalog provider `providerId`, or null when it has none (see above). */
  of(providerId: string, ms: number): ProviderClasses | null {
    this.refresh(ms);
    let classes = this.byProvider.get(providerId);
    if (classes === undefined) {
      const provider = this.pricing.catalog.providers.find((p) => p.id === providerId);
      classes = provider ? this.build(provider, ms) : null;
      this.byProvider.set(providerId, classes);
    }
    return classes;
  }

  /** The current text models of every catalog provider (for `any_provider` suggestions). */
  everyModel(ms: number): ClassedModel[] {
    this.refresh(ms);
    this.everyProvider ??= this.pricing.catalog.providers.flatMap((p) => this.of(p.id, ms)?.models ?? currentTextModels(this.pricing, p, ms));
    return this.everyProvider;
  }

  private build(provider: Provider, ms: number): ProviderClasses | null {
    const models = currentTextModels(this.pricing, provider, ms);
    if (models.length < MIN_MODELS) return null;
    const max = models[0]!.blendedPerMtok;
    const min = models[models.length - 1]!.blendedPerMtok;
    if (max < MIN_SPREAD * min) return null;
    const step = Math.cbrt(max / min);
    return { providerId: provider.id, standardFrom: min * step, flagshipFrom: min * step * step, models };
  }

  private refresh(ms: number): void {
    const day = Math.floor(ms / MS_PER_DAY);
    const overrides = this.pricing.overrides();
    if (day === this.stampDay && overrides === this.stampOverrides) return;
    this.byProvider.clear();
    this.everyProvider = undefined;
    this.stampDay = day;
    this.stampOverrides = overrides;
  }
}

function currentTextModels(pricing: PricingService, provider: Provider, ms: number): ClassedModel[] {
  const models: ClassedModel[] = [];
  for (const model of provider.models) {
    if (model.deprecated || model.id.includes(':')) continue;
    const plan = pricing.catalogEntry(provider, model).at(ms)?.plan;
    if (!plan || NON_TEXT_PRICES.some((key) => plan.prices[key] !== undefined)) continue;
    const blended = blendedPerMtok(plan);
    if (blended !== null) models.push({ provider, model, plan, blendedPerMtok: blended });
  }
  const current = models.some((m) => pricesCacheReads(m.plan)) ? models.filter((m) => pricesCacheReads(m.plan)) : models;
  return current.sort((a, b) => b.blendedPerMtok - a.blendedPerMtok || a.model.id.localeCompare(b.model.id));
}
