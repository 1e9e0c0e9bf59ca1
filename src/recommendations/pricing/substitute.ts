import { classOf, classRank, type ClassedModel, type PriceClass, type ProviderClasses } from './price-classes.js';

export interface Substitute {
  candidate: ClassedModel;
  priceClass: PriceClass;
}

export interface SubstituteQuery {
  /** The classes of the provider in use: they set the bands the pool is classed by. */
  classes: ProviderClasses;
  /** Current text models to choose from (the provider's own, or every provider's). */
  pool: readonly ClassedModel[];
  currentClass: PriceClass;
  /** The largest input the calls had: the substitute's context window must hold it. */
  minContextTokens: number;
}

/**
 * The model suggested in place of one of a higher class: from the pool, the models of the next
 * lower class (else the one below) whose context window, where the catalog states one, holds
 * the calls' largest input. The priciest of them wins, as the smallest step down. Ties go to the
 * provider in use, then the larger context window, then the higher id (later versions sort higher).
 */
export function pickSubstitute(q: SubstituteQuery): Substitute | null {
  for (let rank = classRank(q.currentClass) - 1; rank >= 0; rank--) {
    const fits = q.pool.filter(
      (m) => classRank(classOf(q.classes, m.blendedPerMtok)) === rank && (m.model.context_window ?? Infinity) >= q.minContextTokens,
    );
    const best = fits.sort((a, b) => preference(a, b, q.classes.providerId))[0];
    if (best) return { candidate: best, priceClass: classOf(q.classes, best.blendedPerMtok) };
  }
  return null;
}

function preference(a: ClassedModel, b: ClassedModel, providerId: string): number {
  return (
    b.blendedPerMtok - a.blendedPerMtok ||
    Number(b.provider.id === providerId) - Number(a.provider.id === providerId) ||
    (b.model.context_window ?? 0) - (a.model.context_window ?? 0) ||
    b.model.id.localeCompare(a.model.id)
  );
}
