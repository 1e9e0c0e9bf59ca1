import { startTestServer, type ConfigDocument, type TestServer } from '../../support/server.js';
import { startRecommendationsApi, type RecommendationsApi } from './api.js';
import { NOW_MS } from './history.js';
import { sendCalls, type CallSpec } from './otlp.js';

export interface Fixture {
  server: TestServer;
  api: RecommendationsApi;
  stop(): Promise<void>;
}

/** The real service on a clock fixed at NOW_MS, fed `calls` through its OTLP/HTTP receiver. */
export async function recommendationsFixture(calls: readonly CallSpec[], config: ConfigDocument = {}): Promise<Fixture> {
  const doc = { ...config, recommendations: { cache_seconds: 0, ...(config.recommendations as object | undefined) } };
  const server = await startTestServer({ config: doc, service: { clock: () => NOW_MS } });
  const api = await startRecommendationsApi(server, doc, () => NOW_MS);
  await sendCalls(server.otlpHttpUrl, calls);
  return {
    server,
    api,
    async stop() {
      await api.stop();
      await server.stop();
    },
  };
}

export interface RecommendationBody {
  id: string;
  kind: string;
  priority: string;
  title: string;
  problem: string;
  solution: string;
  estimated_monthly_savings_usd: number;
  percent_reduction: number;
  agents: string[];
  models: string[];
  task_types: string[];
  evidence: Record<string, unknown>;
}

export interface SkipBody {
  kind: string;
  reason: string;
  detail: string;
  agents: string[];
  models: string[];
  task_types: string[];
}

export interface RecommendationsBody {
  agent?: string;
  generated_at: string;
  lookback_days: number;
  minimum_data: { calls: number; baseline_runs: number; rule: string };
  total_estimated_monthly_savings_usd: number;
  data: RecommendationBody[];
  pagination: { total: number; limit: number; offset: number; has_more: boolean };
  skipped: SkipBody[];
}

/** The recommendations and skips of one agent, as GET /v1/agents/:name/recommendations answers. */
export async function forAgent(api: RecommendationsApi, agent: string, query = ''): Promise<RecommendationsBody> {
  const { status, body } = await api.get<RecommendationsBody>(`/v1/agents/${encodeURIComponent(agent)}/recommendations${query}`);
  if (status !== 200) throw new Error(`HTTP ${status}: ${JSON.stringify(body)}`);
  return body;
}
