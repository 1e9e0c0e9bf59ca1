import { SpanKind, trace } from '@opentelemetry/api';
import { COST_CATEGORY, COST_NAME, COST_USD } from './keys.js';
import { SCOPE_NAME, SCOPE_VERSION } from '../scope.js';

/** tokentally's categories; any other string is stored as given. */
export type CostCategory = 'llm' | 'embeddings' | 'image' | 'audio' | 'video' | 'tool' | 'other' | (string & {});

export interface Cost {
  /** What it cost, in US dollars. */
  usd: number;
  category: CostCategory;
  /** What was paid for, e.g. `serpapi.search` or `replicate.flux`. */
  name: string;
}

/**
 * Records a cost that no model-call span carries (a scraping API, an image job priced per call)
 * as a `tokentally.cost` span. It is attributed like any other span: to the run, agent, task and
 * session in effect where recordCost is called.
 */
export function recordCost(cost: Cost): void {
  if (!Number.isFinite(cost.usd) || cost.usd < 0) {
    throw new TypeError(`tokentally: recordCost usd must be a finite number >= 0, got ${cost.usd}`);
  }
  if (!cost.category || !cost.name) {
    throw new TypeError('tokentally: recordCost needs a category and a name');
  }
  trace
    .getTracer(SCOPE_NAME, SCOPE_VERSION)
    .startSpan('tokentally.cost', {
      kind: SpanKind.INTERNAL,
      attributes: { [COST_USD]: cost.usd, [COST_CATEGORY]: cost.category, [COST_NAME]: cost.name },
    })
    .end();
}
