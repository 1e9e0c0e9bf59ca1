import type { UnitQuantities } from './cost-calculator.js';

/**
 * Span attributes that give the quantities per-unit override prices multiply. Without them a
 * call counts one image and one page, and its seconds are the span's duration (a video or
 * transcription job's span lasts as long as the job).
 */
export const QUANTITY_ATTRIBUTES = {
  images: 'tokentally.usage.images',
  pages: 'tokentally.usage.pages',
  seconds: 'tokentally.usage.seconds',
} as const;

function numberAttribute(attributes: Record<string, unknown>, key: string): number | undefined {
  const value = attributes[key];
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Only runs for calls priced by an override with per-image/page/second prices, so parsing the
 * attributes JSON here costs nothing on the ordinary token-priced path.
 */
export function quantitiesOf(record: { startUs: number; endUs: number; attributesJson: string }): UnitQuantities {
  let attributes: Record<string, unknown> = {};
  if (record.attributesJson.includes('tokentally.usage.')) {
    try {
      const parsed: unknown = JSON.parse(record.attributesJson);
      if (typeof parsed === 'object' && parsed !== null) attributes = parsed as Record<string, unknown>;
    } catch {
      // Unparseable attributes: fall back to the defaults below, as if none were given.
    }
  }
  return {
    images: numberAttribute(attributes, QUANTITY_ATTRIBUTES.images) ?? 1,
    pages: numberAttribute(attributes, QUANTITY_ATTRIBUTES.pages) ?? 1,
    seconds: numberAttribute(attributes, QUANTITY_ATTRIBUTES.seconds) ?? Math.max(0, record.endUs - record.startUs) / 1e6,
  };
}
