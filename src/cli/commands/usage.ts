import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { REPORT_USAGE, reportOptions, reportQuery } from '../client/query-options.js';
import { formatCost, formatCount, formatPct, formatTokens } from '../format/numbers.js';
import { formatUsd } from '../../util/money.js';
import { bar, keyValues, table } from '../format/table.js';
import { apiClientFor, printJson } from './report-context.js';

interface UsageAnswer {
  period: string | null;
  start_date: string;
  end_date: string;
  tz: string;
  total_cost: number;
  operations: number;
  average_cost_per_operation: number;
  total_tokens: number;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  unpriced_operations: number;
  top_models: Array<{ model: string; provider: string; cost: number; calls: number; unpriced_calls: number }>;
  previous_period: { start_date: string; end_date: string; total_cost: number } | null;
  change: { cost: { pct: number | null } } | null;
}

function windowTitle(u: { period: string | null; start_date: string; end_date: string; tz: string }): string {
  const days = u.start_date === u.end_date ? u.start_date : `${u.start_date} to ${u.end_date}`;
  return `${u.period ? u.period.replace('_', ' ') : 'usage'} (${days}, ${u.tz})`;
}

export const usageCommand: Command = {
  name: 'usage',
  summary: 'Spend, operations and tokens now (default today), against the previous period, with the top models',
  usage: `tokentally usage ${REPORT_USAGE} [--top N]`,
  async run(argv) {
    const { values } = parseCommandArgs(argv, { ...reportOptions, top: { type: 'string' } });
    const u = await apiClientFor(values.config).get<UsageAnswer>('/v1/usage', { ...reportQuery(values), top: values.top });
    if (values.json) return printJson(u);
    const previous = u.previous_period ? `  (${formatPct(u.change?.cost.pct ?? null)} vs ${u.previous_period.start_date === u.previous_period.end_date ? u.previous_period.start_date : `${u.previous_period.start_date} to ${u.previous_period.end_date}`}: ${formatUsd(u.previous_period.total_cost)})` : '';
    console.log(`Usage ${windowTitle(u)}\n`);
    console.log(
      keyValues([
        ['Spend', `${formatUsd(u.total_cost)}${previous}`],
        ['Operations', `${formatCount(u.operations)}  (avg ${formatUsd(u.average_cost_per_operation)} each)`],
        ['Tokens', `${formatTokens(u.total_tokens)} total · ${formatTokens(u.input_tokens)} input · ${formatTokens(u.output_tokens)} output · ${formatTokens(u.cached_tokens)} cached`],
        ['Unpriced calls', u.unpriced_operations === 0 ? '0' : `${formatCount(u.unpriced_operations)} (no price known: not in the spend)`],
      ]),
    );
    if (u.top_models.length > 0) {
      const max = Math.max(...u.top_models.map((m) => m.cost));
      console.log('\nTop models');
      console.log(
        table(
          [
            { header: 'Model', value: (m) => m.model },
            { header: 'Provider', value: (m) => m.provider },
            { header: 'Cost', value: (m) => formatCost(m.cost, m.calls, m.unpriced_calls), align: 'right' },
            { header: '', value: (m) => bar(m.cost, max) },
            { header: 'Calls', value: (m) => formatCount(m.calls), align: 'right' },
          ],
          u.top_models,
        ),
      );
    }
    return 0;
  },
};
