/**
 * The unit schema of @pydantic/genai-prices (its internal units table): every usage key, the
 * price key that prices it, how many units one price covers, and the dimensions that place it in
 * the hierarchy. A unit is a descendant of another when it has all the other's dimensions with
 * the same values (cache_read_tokens is a kind of input_tokens). This is a schema, not a price
 * table: prices always come from the catalog or from overrides.
 *
 * The library does not export this table, so it is mirrored here; test/pricing/units.test.ts
 * checks it against the library's behaviour so a library upgrade that changes it fails loudly.
 */

export type Dimensions = Readonly<Record<string, string>>;

export interface UnitDef {
  readonly usageKey: string;
  readonly priceKey: string;
  readonly per: number;
  readonly dimensions: Dimensions;
}

const UNIT_TABLE: Record<string, { priceKey: string; per: number; dimensions: Dimensions }> = {
  audio_seconds: { priceKey: 'audio_hours', per: 3600, dimensions: { family: 'durations', modality: 'audio' } },
  cache_audio_read_tokens: { priceKey: 'cache_audio_read_mtok', per: 1e6, dimensions: { direction: 'input', family: 'tokens', modality: 'audio', token_type: 'cache_read' } },
  cache_audio_write_1h_tokens: { priceKey: 'cache_audio_write_1h_mtok', per: 1e6, dimensions: { cache_ttl: '1h', direction: 'input', family: 'tokens', modality: 'audio', token_type: 'cache_write' } },
  cache_audio_write_5m_tokens: { priceKey: 'cache_audio_write_5m_mtok', per: 1e6, dimensions: { cache_ttl: '5m', direction: 'input', family: 'tokens', modality: 'audio', token_type: 'cache_write' } },
  cache_audio_write_tokens: { priceKey: 'cache_audio_write_mtok', per: 1e6, dimensions: { direction: 'input', family: 'tokens', modality: 'audio', token_type: 'cache_write' } },
  cache_image_read_tokens: { priceKey: 'cache_image_read_mtok', per: 1e6, dimensions: { direction: 'input', family: 'tokens', modality: 'image', token_type: 'cache_read' } },
  cache_image_write_1h_tokens: { priceKey: 'cache_image_write_1h_mtok', per: 1e6, dimensions: { cache_ttl: '1h', direction: 'input', family: 'tokens', modality: 'image', token_type: 'cache_write' } },
  cache_image_write_5m_tokens: { priceKey: 'cache_image_write_5m_mtok', per: 1e6, dimensions: { cache_ttl: '5m', direction: 'input', family: 'tokens', modality: 'image', token_type: 'cache_write' } },
  cache_image_write_tokens: { priceKey: 'cache_image_write_mtok', per: 1e6, dimensions: { direction: 'input', family: 'tokens', modality: 'image', token_type: 'cache_write' } },
  cache_read_tokens: { priceKey: 'cache_read_mtok', per: 1e6, dimensions: { direction: 'input', family: 'tokens', token_type: 'cache_read' } },
  cache_text_read_tokens: { priceKey: 'cache_text_read_mtok', per: 1e6, dimensions: { direction: 'input', family: 'tokens', modality: 'text', token_type: 'cache_read' } },
  cache_text_write_1h_tokens: { priceKey: 'cache_text_write_1h_mtok', per: 1e6, dimensions: { cache_ttl: '1h', direction: 'input', family: 'tokens', modality: 'text', token_type: 'cache_write' } },
  cache_text_write_5m_tokens: { priceKey: 'cache_text_write_5m_mtok', per: 1e6, dimensions: { cache_ttl: '5m', direction: 'input', family: 'tokens', modality: 'text', token_type: 'cache_write' } },
  cache_text_write_tokens: { priceKey: 'cache_text_write_mtok', per: 1e6, dimensions: { direction: 'input', family: 'tokens', modality: 'text', token_type: 'cache_write' } },
  cache_video_read_tokens: { priceKey: 'cache_video_read_mtok', per: 1e6, dimensions: { direction: 'input', family: 'tokens', modality: 'video', token_type: 'cache_read' } },
  cache_video_write_1h_tokens: { priceKey: 'cache_video_write_1h_mtok', per: 1e6, dimensions: { cache_ttl: '1h', direction: 'input', family: 'tokens', modality: 'video', token_type: 'cache_write' } },
  cache_video_write_5m_tokens: { priceKey: 'cache_video_write_5m_mtok', per: 1e6, dimensions: { cache_ttl: '5m', direction: 'input', family: 'tokens', modality: 'video', token_type: 'cache_write' } },
  cache_video_write_tokens: { priceKey: 'cache_video_write_mtok', per: 1e6, dimensions: { direction: 'input', family: 'tokens', modality: 'video', token_type: 'cache_write' } },
  cache_write_1h_tokens: { priceKey: 'cache_write_1h_mtok', per: 1e6, dimensions: { cache_ttl: '1h', direction: 'input', family: 'tokens', token_type: 'cache_write' } },
  cache_write_5m_tokens: { priceKey: 'cache_write_5m_mtok', per: 1e6, dimensions: { cache_ttl: '5m', direction: 'input', family: 'tokens', token_type: 'cache_write' } },
  cache_write_tokens: { priceKey: 'cache_write_mtok', per: 1e6, dimensions: { direction: 'input', family: 'tokens', token_type: 'cache_write' } },
  code_executions: { priceKey: 'code_executions_kcount', per: 1e3, dimensions: { family: 'tool_calls', tool_type: 'code_execution' } },
  input_annotated_document_pages: { priceKey: 'input_annotated_document_kpages', per: 1e3, dimensions: { direction: 'input', family: 'document_pages', page_type: 'annotated' } },
  input_audio_seconds: { priceKey: 'input_audio_hours', per: 3600, dimensions: { direction: 'input', family: 'durations', modality: 'audio' } },
  input_audio_tokens: { priceKey: 'input_audio_mtok', per: 1e6, dimensions: { direction: 'input', family: 'tokens', modality: 'audio' } },
  input_audio_tool_tokens: { priceKey: 'input_audio_tool_mtok', per: 1e6, dimensions: { direction: 'input', family: 'tokens', modality: 'audio', token_type: 'tool' } },
  input_characters: { priceKey: 'input_mchars', per: 1e6, dimensions: { direction: 'input', family: 'characters' } },
  input_document_pages: { priceKey: 'input_document_kpages', per: 1e3, dimensions: { direction: 'input', family: 'document_pages' } },
  input_image_tokens: { priceKey: 'input_image_mtok', per: 1e6, dimensions: { direction: 'input', family: 'tokens', modality: 'image' } },
  input_image_tool_tokens: { priceKey: 'input_image_tool_mtok', per: 1e6, dimensions: { direction: 'input', family: 'tokens', modality: 'image', token_type: 'tool' } },
  input_pixels: { priceKey: 'input_gpixels', per: 1e9, dimensions: { direction: 'input', family: 'pixels' } },
  input_text_messages: { priceKey: 'input_text_messages_kcount', per: 1e3, dimensions: { direction: 'input', family: 'messages', modality: 'text' } },
  input_text_tokens: { priceKey: 'input_text_mtok', per: 1e6, dimensions: { direction: 'input', family: 'tokens', modality: 'text' } },
  input_text_tool_tokens: { priceKey: 'input_text_tool_mtok', per: 1e6, dimensions: { direction: 'input', family: 'tokens', modality: 'text', token_type: 'tool' } },
  input_tokens: { priceKey: 'input_mtok', per: 1e6, dimensions: { direction: 'input', family: 'tokens' } },
  input_tool_tokens: { priceKey: 'input_tool_mtok', per: 1e6, dimensions: { direction: 'input', family: 'tokens', token_type: 'tool' } },
  input_video_tokens: { priceKey: 'input_video_mtok', per: 1e6, dimensions: { direction: 'input', family: 'tokens', modality: 'video' } },
  input_video_tool_tokens: { priceKey: 'input_video_tool_mtok', per: 1e6, dimensions: { direction: 'input', family: 'tokens', modality: 'video', token_type: 'tool' } },
  output_audio_citation_tokens: { priceKey: 'output_audio_citation_mtok', per: 1e6, dimensions: { direction: 'output', family: 'tokens', modality: 'audio', token_type: 'citation' } },
  output_audio_reasoning_tokens: { priceKey: 'output_audio_reasoning_mtok', per: 1e6, dimensions: { direction: 'output', family: 'tokens', modality: 'audio', token_type: 'reasoning' } },
  output_audio_seconds: { priceKey: 'output_audio_hours', per: 3600, dimensions: { direction: 'output', family: 'durations', modality: 'audio' } },
  output_audio_tokens: { priceKey: 'output_audio_mtok', per: 1e6, dimensions: { direction: 'output', family: 'tokens', modality: 'audio' } },
  output_citation_tokens: { priceKey: 'output_citation_mtok', per: 1e6, dimensions: { direction: 'output', family: 'tokens', token_type: 'citation' } },
  output_image_citation_tokens: { priceKey: 'output_image_citation_mtok', per: 1e6, dimensions: { direction: 'output', family: 'tokens', modality: 'image', token_type: 'citation' } },
  output_image_reasoning_tokens: { priceKey: 'output_image_reasoning_mtok', per: 1e6, dimensions: { direction: 'output', family: 'tokens', modality: 'image', token_type: 'reasoning' } },
  output_image_tokens: { priceKey: 'output_image_mtok', per: 1e6, dimensions: { direction: 'output', family: 'tokens', modality: 'image' } },
  output_reasoning_tokens: { priceKey: 'output_reasoning_mtok', per: 1e6, dimensions: { direction: 'output', family: 'tokens', token_type: 'reasoning' } },
  output_text_citation_tokens: { priceKey: 'output_text_citation_mtok', per: 1e6, dimensions: { direction: 'output', family: 'tokens', modality: 'text', token_type: 'citation' } },
  output_text_reasoning_tokens: { priceKey: 'output_text_reasoning_mtok', per: 1e6, dimensions: { direction: 'output', family: 'tokens', modality: 'text', token_type: 'reasoning' } },
  output_text_tokens: { priceKey: 'output_text_mtok', per: 1e6, dimensions: { direction: 'output', family: 'tokens', modality: 'text' } },
  output_tokens: { priceKey: 'output_mtok', per: 1e6, dimensions: { direction: 'output', family: 'tokens' } },
  output_video_citation_tokens: { priceKey: 'output_video_citation_mtok', per: 1e6, dimensions: { direction: 'output', family: 'tokens', modality: 'video', token_type: 'citation' } },
  output_video_reasoning_tokens: { priceKey: 'output_video_reasoning_mtok', per: 1e6, dimensions: { direction: 'output', family: 'tokens', modality: 'video', token_type: 'reasoning' } },
  output_video_tokens: { priceKey: 'output_video_mtok', per: 1e6, dimensions: { direction: 'output', family: 'tokens', modality: 'video' } },
  requests: { priceKey: 'requests_kcount', per: 1e3, dimensions: { family: 'requests' } },
  rerank_searches: { priceKey: 'rerank_searches_kcount', per: 1e3, dimensions: { family: 'rerank' } },
  social_searches: { priceKey: 'social_searches_kcount', per: 1e3, dimensions: { family: 'tool_calls', tool_type: 'social_search' } },
  storage_searches: { priceKey: 'storage_searches_kcount', per: 1e3, dimensions: { family: 'tool_calls', tool_type: 'storage_search' } },
  web_searches: { priceKey: 'web_searches_kcount', per: 1e3, dimensions: { family: 'tool_calls', tool_type: 'web_search' } },
};

export const UNITS: ReadonlyMap<string, UnitDef> = new Map(
  Object.entries(UNIT_TABLE).map(([usageKey, u]) => [usageKey, { usageKey, ...u }]),
);

export const UNITS_BY_PRICE_KEY: ReadonlyMap<string, UnitDef> = new Map([...UNITS.values()].map((u) => [u.priceKey, u]));

/** True when `descendant` has every dimension of `ancestor` (a unit is its own descendant). */
export function isDescendant(ancestor: UnitDef, descendant: UnitDef): boolean {
  for (const key in ancestor.dimensions) {
    if (descendant.dimensions[key] !== ancestor.dimensions[key]) return false;
  }
  return true;
}

/**
 * The usage vector a TokenUsage fills, by slot. Every other usage key counts as 0: tokentally
 * does not know, for instance, how many cached tokens were audio, so a model that prices
 * cache_audio_read_mtok bills all cache reads at the text cache-read price.
 * The last slot is the constant 1 that per-request prices (requests_kcount) multiply.
 */
export const SLOT_USAGE_KEYS = [
  'input_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  'cache_write_1h_tokens',
  'output_tokens',
  'output_reasoning_tokens',
  'input_audio_tokens',
  'output_audio_tokens',
  'input_image_tokens',
  'output_image_tokens',
] as const;

export const SLOT_COUNT = SLOT_USAGE_KEYS.length + 1;
export const ONE_SLOT = SLOT_USAGE_KEYS.length;
export const REASONING_SLOT = SLOT_USAGE_KEYS.indexOf('output_reasoning_tokens');

export const REQUESTS_USAGE_KEY = 'requests';

export function slotOf(usageKey: string): number {
  return (SLOT_USAGE_KEYS as readonly string[]).indexOf(usageKey);
}
