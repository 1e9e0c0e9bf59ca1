import type { AttributeValue, CollectedSpan } from './otlp-json-collector.js';

/**
 * Model-call spans as rows named like tokentally's `llm_calls` columns, so the assertions read
 * the same whether the rows come from spans caught here or from the real collector's DuckDB.
 */
export interface ModelCallRow {
  span_id: string;
  scope: string;
  run_id?: string;
  agent?: string;
  task_type?: string;
  session_id?: string;
  provider?: string;
  request_model?: string;
  response_model?: string;
  input_tokens?: number;
  output_tokens?: number;
  cache_read_tokens?: number;
  cache_write_tokens?: number;
  reasoning_tokens?: number;
  request_hash?: string;
  reservation_id?: string;
  status: 'ok' | 'error';
}

const MODEL_CALL_OPERATIONS = new Set(['chat', 'text_completion', 'generate_content', 'embeddings']);

export function modelCallRows(spans: CollectedSpan[]): ModelCallRow[] {
  return spans
    .filter((span) => MODEL_CALL_OPERATIONS.has(String(span.attributes['gen_ai.operation.name'])))
    .map((span) => {
      const a = span.attributes;
      return {
        span_id: span.spanId,
        scope: span.scope,
        run_id: str(a['tokentally.run_id']),
        agent: str(a['gen_ai.agent.name']),
        task_type: str(a['tokentally.task_type']),
        session_id: str(a['session.id']),
        provider: str(a['gen_ai.provider.name']),
        request_model: str(a['gen_ai.request.model']),
        response_model: str(a['gen_ai.response.model']),
        input_tokens: num(a['gen_ai.usage.input_tokens']),
        output_tokens: num(a['gen_ai.usage.output_tokens']),
        cache_read_tokens: num(a['gen_ai.usage.cache_read.input_tokens']),
        cache_write_tokens: num(a['gen_ai.usage.cache_creation.input_tokens']),
        reasoning_tokens: num(a['gen_ai.usage.reasoning.output_tokens']),
        request_hash: str(a['tokentally.request_hash']),
        reservation_id: str(a['tokentally.reservation_id']),
        status: span.statusCode === 2 ? 'error' : 'ok',
      };
    });
}

function str(value: AttributeValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function num(value: AttributeValue | undefined): number | undefined {
  return typeof value === 'number' ? value : undefined;
}
