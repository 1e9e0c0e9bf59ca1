import type { Reader } from '../../storage/reader.js';
import { runNamed } from '../named-sql.js';
import { num, str, usd } from '../row-values.js';
import type { MetricFamily, Sample } from './prometheus.js';

const TOKEN_TYPES = ['input', 'output', 'cache_read', 'cache_write'] as const;

/** Calls, cost, tokens and unpriced calls of one tenant, from the daily roll-up. */
export async function usageFamilies(reader: Reader, tenant: string): Promise<MetricFamily[]> {
  const rows = await runNamed(reader, 'metrics_usage', { tenant });
  const series = rows.map((r) => ({ r, labels: { tenant, provider: str(r, 'provider') ?? '', model: str(r, 'model') ?? '', agent: str(r, 'agent') ?? '' } }));
  const counter = (name: string, help: string, samples: Sample[]): MetricFamily => ({ name, help, type: 'counter', samples });
  return [
    counter('tokentally_calls_total', 'Model calls stored, by provider, model and agent.', series.map(({ r, labels }) => ({ labels, value: num(r, 'calls') }))),
    counter('tokentally_error_calls_total', 'Model calls that ended in an error.', series.map(({ r, labels }) => ({ labels, value: num(r, 'error_calls') }))),
    counter('tokentally_unpriced_calls_total', 'Model calls no catalog or override priced (cost unknown, not zero).', series.map(({ r, labels }) => ({ labels, value: num(r, 'unpriced_calls') }))),
    counter('tokentally_cost_usd_total', 'Cost of the priced model calls, USD.', series.map(({ r, labels }) => ({ labels, value: usd(r, 'total_cost') }))),
    counter(
      'tokentally_tokens_total',
      'Tokens of model calls by type (input includes cache reads and writes).',
      series.flatMap(({ r, labels }) => TOKEN_TYPES.map((type) => ({ labels: { ...labels, type }, value: num(r, `${type}_tokens`) }))),
    ),
  ];
}
