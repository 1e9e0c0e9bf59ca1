import type { PriceEntry } from './price-entry.js';

export type EntryBuilder = (provider: string, responseModel: string, requestModel: string, serviceTier: string | null) => PriceEntry;

/**
 * Resolved prices by (provider, response model, request model, service tier): what a call
 * names, exactly as the span said it. Resolution (the catalog's matching, alias and id
 * normalisation, override matching, plan compilation) runs once per key.
 *
 * The key has no date on purpose. A price period is not a day: the catalog has start_date
 * changes (any instant) and time-of-day windows (DeepSeek's off-peak hours cut days in two),
 * and overrides start and end at any instant. So an entry holds every period of its model,
 * compiled, and `PriceEntry.at(startMs)` picks the one in force for each call: a few integer
 * comparisons, mirroring the library's own selection. Keying by UTC day would price the calls
 * of an off-peak window, or of the day a price changes, at the wrong price.
 *
 * Names come from spans, so the cache is bounded: past `maxEntries` it starts over.
 * Overrides changing clears it.
 */
export class PriceCache {
  private readonly standard = new Map<string, Map<string, Map<string, PriceEntry>>>();
  private readonly tiered = new Map<string, PriceEntry>();
  private size = 0;
  // Calls of a batch mostly name the same model: the last hit is checked first.
  private lastProvider = '';
  private lastResponse = '';
  private lastRequest = '';
  private lastTier: string | null = null;
  private lastEntry: PriceEntry | undefined;

  constructor(private readonly build: EntryBuilder, private readonly maxEntries = 10_000) {}

  get(provider: string, responseModel: string, requestModel: string, serviceTier: string | null): PriceEntry {
    if (
      this.lastEntry !== undefined &&
      provider === this.lastProvider &&
      responseModel === this.lastResponse &&
      requestModel === this.lastRequest &&
      serviceTier === this.lastTier
    ) {
      return this.lastEntry;
    }
    const entry = serviceTier === null ? this.getStandard(provider, responseModel, requestModel) : this.getTiered(provider, responseModel, requestModel, serviceTier);
    this.lastProvider = provider;
    this.lastResponse = responseModel;
    this.lastRequest = requestModel;
    this.lastTier = serviceTier;
    this.lastEntry = entry;
    return entry;
  }

  clear(): void {
    this.standard.clear();
    this.tiered.clear();
    this.size = 0;
    this.lastEntry = undefined;
  }

  private getStandard(provider: string, responseModel: string, requestModel: string): PriceEntry {
    let byResponse = this.standard.get(provider);
    if (byResponse === undefined) this.standard.set(provider, (byResponse = new Map()));
    let byRequest = byResponse.get(responseModel);
    if (byRequest === undefined) byResponse.set(responseModel, (byRequest = new Map()));
    let entry = byRequest.get(requestModel);
    if (entry === undefined) {
      entry = this.build(provider, responseModel, requestModel, null);
      if (this.grow()) return entry;
      byRequest.set(requestModel, entry);
    }
    return entry;
  }

  /** Non-standard tiers are rare; a composite key is cheap enough for them. */
  private getTiered(provider: string, responseModel: string, requestModel: string, tier: string): PriceEntry {
    const key = `${provider}\u0000${responseModel}\u0000${requestModel}\u0000${tier}`;
    let entry = this.tiered.get(key);
    if (entry === undefined) {
      entry = this.build(provider, responseModel, requestModel, tier);
      if (this.grow()) return entry;
      this.tiered.set(key, entry);
    }
    return entry;
  }

  /** Counts a new entry; when full, empties the cache and reports that the entry should not be kept. */
  private grow(): boolean {
    if (this.size < this.maxEntries) {
      this.size++;
      return false;
    }
    this.clear();
    return true;
  }
}
