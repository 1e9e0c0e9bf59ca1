import type { ModelServer } from '../../../instrumentation/testing/model-server.js';

export const PIPELINE_SCRIPT = 'dist/instrumentation/examples/pipeline.js';

/**
 * The environment of the example pipeline: SDKs pointed at the model test server, spans to
 * `collectorEndpoint` over OTLP/HTTP JSON, budget checks to `tokentallyUrl`. The two addresses
 * are parameters so the same tests can run against the real tokentally.
 */
export function pipelineEnv(
  models: ModelServer,
  collectorEndpoint: string,
  tokentallyUrl: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    OPENAI_BASE_URL: models.openaiBaseUrl,
    ANTHROPIC_BASE_URL: models.anthropicBaseUrl,
    OPENAI_API_KEY: 'test',
    ANTHROPIC_API_KEY: 'test',
    OTEL_SERVICE_NAME: 'research-pipeline',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_EXPORTER_OTLP_ENDPOINT: collectorEndpoint,
    TOKENTALLY_URL: tokentallyUrl,
    ...extra,
  };
}
