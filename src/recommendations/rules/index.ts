import { batchingRule } from './batching.js';
import { modelDowngradeRule } from './model-downgrade.js';
import { promptCachingRule } from './prompt-caching.js';
import { responseCachingRule } from './response-caching.js';
import { retryWasteRule } from './retry-waste.js';
import { runawayCostRule } from './runaway-cost.js';
import type { Rule } from './rule.js';

/** Every recommendation rule, each in its own file. */
export const RULES: readonly Rule[] = [modelDowngradeRule, responseCachingRule, promptCachingRule, batchingRule, retryWasteRule, runawayCostRule];
