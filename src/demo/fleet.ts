/**
 * The demo fleet as data: who the agents are, which models and tools they use, and what a
 * typical call of each kind looks like. The pipeline builders (pipelines.ts) only arrange these.
 * Token ranges are per call; cache and reasoning ranges are parts of the input and output.
 */

export type ServiceName = 'content-pipeline' | 'support-desk';

export interface AgentProfile {
  name: string;
  displayName: string;
  department: string;
  role: string;
  service: ServiceName;
  /** What the same work would cost in people per month, for the registry's ROI figures. */
  humanEquivalentMonthlyUsd: number;
}

export const AGENTS: readonly AgentProfile[] = [
  { name: 'planner', displayName: 'Planner', department: 'Product', role: 'Breaks a brief into research questions', service: 'content-pipeline', humanEquivalentMonthlyUsd: 4_000 },
  { name: 'researcher', displayName: 'Researcher', department: 'Research', role: 'Searches, scrapes and summarises sources', service: 'content-pipeline', humanEquivalentMonthlyUsd: 9_000 },
  { name: 'writer', displayName: 'Writer', department: 'Marketing', role: 'Drafts and revises reports', service: 'content-pipeline', humanEquivalentMonthlyUsd: 7_500 },
  { name: 'critic', displayName: 'Critic', department: 'Marketing', role: 'Reviews drafts against the style guide', service: 'content-pipeline', humanEquivalentMonthlyUsd: 3_500 },
  { name: 'support-bot', displayName: 'Support bot', department: 'Customer Support', role: 'Answers customer conversations', service: 'support-desk', humanEquivalentMonthlyUsd: 12_000 },
];

/**
 * `provider` is spelled as instrumentations send it (`gen_ai.provider.name`); `catalogProvider`
 * is the @pydantic/genai-prices provider id that prices it, null for the private model that no
 * catalog knows (it shows up under /v1/unpriced).
 */
export interface ModelSpec {
  provider: string;
  catalogProvider: string | null;
  model: string;
}

export const MODELS = {
  gpt41: { provider: 'openai', catalogProvider: 'openai', model: 'gpt-4.1' },
  o4mini: { provider: 'openai', catalogProvider: 'openai', model: 'o4-mini' },
  embedding: { provider: 'openai', catalogProvider: 'openai', model: 'text-embedding-3-small' },
  sonnet: { provider: 'anthropic', catalogProvider: 'anthropic', model: 'claude-sonnet-4-5-20250929' },
  haiku: { provider: 'anthropic', catalogProvider: 'anthropic', model: 'claude-haiku-4-5-20251001' },
  geminiFlash: { provider: 'gcp.gemini', catalogProvider: 'google', model: 'gemini-2.5-flash' },
  geminiPro: { provider: 'gcp.gemini', catalogProvider: 'google', model: 'gemini-2.5-pro' },
  mistralSmall: { provider: 'mistral_ai', catalogProvider: 'mistral', model: 'mistral-small-latest' },
  privateIntent: { provider: 'acme-internal', catalogProvider: null, model: 'acme-support-intent-7b' },
} as const satisfies Record<string, ModelSpec>;

type Range = readonly [min: number, max: number];

export interface CallKind {
  operation: 'chat' | 'embeddings';
  model: ModelSpec;
  input: Range;
  output: Range;
  cacheRead?: Range;
  cacheWrite?: Range;
  reasoning?: Range;
  /** Time to first token plus generation, per call. */
  latencyMs: Range;
}

export const CALLS = {
  plan: { operation: 'chat', model: MODELS.gpt41, input: [1_500, 3_500], output: [300, 900], latencyMs: [2_000, 6_000] },
  researchStep: { operation: 'chat', model: MODELS.geminiFlash, input: [3_000, 14_000], output: [150, 600], latencyMs: [900, 3_500] },
  embedSources: { operation: 'embeddings', model: MODELS.embedding, input: [4_000, 24_000], output: [0, 0], latencyMs: [200, 700] },
  synthesise: { operation: 'chat', model: MODELS.geminiPro, input: [14_000, 42_000], output: [900, 2_200], reasoning: [300, 900], latencyMs: [8_000, 20_000] },
  draft: { operation: 'chat', model: MODELS.sonnet, input: [9_000, 22_000], output: [1_400, 3_200], cacheRead: [4_000, 7_000], cacheWrite: [0, 1_500], latencyMs: [15_000, 40_000] },
  revise: { operation: 'chat', model: MODELS.sonnet, input: [12_000, 26_000], output: [1_200, 2_800], cacheRead: [9_000, 12_000], latencyMs: [12_000, 32_000] },
  critique: { operation: 'chat', model: MODELS.o4mini, input: [3_000, 6_000], output: [500, 1_400], reasoning: [350, 1_000], latencyMs: [6_000, 15_000] },
  classifyIntent: { operation: 'chat', model: MODELS.privateIntent, input: [250, 900], output: [4, 24], latencyMs: [120, 400] },
  answer: { operation: 'chat', model: MODELS.haiku, input: [1_800, 6_500], output: [120, 450], cacheRead: [1_200, 1_600], latencyMs: [1_500, 4_500] },
  summariseTicket: { operation: 'chat', model: MODELS.mistralSmall, input: [2_000, 7_000], output: [150, 400], latencyMs: [1_000, 3_000] },
} as const satisfies Record<string, CallKind>;

export interface ToolKind {
  name: string;
  /** A per-call price (`tokentally.cost.usd`): search and scraping APIs bill per request. */
  costUsd: number | null;
  latencyMs: Range;
  /** Share of calls that fail (the tool's cost is still charged). */
  failureRate: number;
}

export const TOOLS = {
  webSearch: { name: 'web_search', costUsd: 0.005, latencyMs: [400, 1_800], failureRate: 0.01 },
  scrape: { name: 'scrape', costUsd: 0.002, latencyMs: [800, 4_000], failureRate: 0.06 },
  knowledgeBase: { name: 'kb_lookup', costUsd: null, latencyMs: [60, 300], failureRate: 0 },
} as const satisfies Record<string, ToolKind>;

/** How model calls fail before their retry succeeds: overloads cost nothing, timeouts bill the input. */
export const FAILURES = [
  { errorType: 'overloaded', message: 'provider overloaded (529), retrying', latencyMs: [150, 900], billed: false },
  { errorType: 'rate_limit_exceeded', message: 'rate limited (429), retrying', latencyMs: [80, 400], billed: false },
  { errorType: 'timeout', message: 'read timed out after partial output, retrying', latencyMs: [30_000, 60_000], billed: true },
] as const;

/** Share of model calls whose first attempt fails. */
export const FAILURE_RATE = 0.04;

export type PipelineName = 'research-report' | 'support-conversation';

export interface PipelineKind {
  name: PipelineName;
  service: ServiceName;
  /** Runs per day relative to --runs-per-day on a busy weekday. */
  volume: number;
  /** Monday..Sunday. */
  weekdayWeights: readonly [number, number, number, number, number, number, number];
  /** Relative weight of each UTC hour 0..23 for a run's start. */
  hourWeights: readonly number[];
  taskTypes: readonly string[];
}

const OFFICE_HOURS = [0.1, 0.1, 0.1, 0.1, 0.2, 0.4, 0.8, 1.5, 2.5, 3, 3, 2.8, 2.2, 2.6, 3, 3, 2.6, 2, 1.2, 0.8, 0.5, 0.3, 0.2, 0.1];
const AROUND_THE_CLOCK = [0.5, 0.4, 0.4, 0.4, 0.5, 0.7, 1, 1.4, 1.8, 2, 2, 2, 1.9, 2, 2, 2, 1.9, 1.8, 1.6, 1.4, 1.2, 1, 0.8, 0.6];

export const PIPELINES: readonly PipelineKind[] = [
  { name: 'research-report', service: 'content-pipeline', volume: 1, weekdayWeights: [1, 1.05, 1, 0.95, 0.85, 0.2, 0.1], hourWeights: OFFICE_HOURS, taskTypes: ['market_brief', 'competitor_analysis', 'blog_post'] },
  { name: 'support-conversation', service: 'support-desk', volume: 3, weekdayWeights: [1.1, 1, 1, 1, 0.95, 0.6, 0.55], hourWeights: AROUND_THE_CLOCK, taskTypes: ['support_billing', 'support_technical', 'support_account'] },
];

/** Spend grows over the window (new users, longer reports): the first day runs at this share of the last. */
export const GROWTH_START = 0.7;
