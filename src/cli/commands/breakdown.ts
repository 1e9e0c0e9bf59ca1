import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { UsageError } from '../command.js';
import { REPORT_USAGE, reportOptions, reportQuery } from '../client/query-options.js';
import { formatCost, formatCount, formatTokens } from '../format/numbers.js';
import { formatUsd } from '../../util/money.js';
import { bar, table } from '../format/table.js';
import { apiClientFor, printJson } from './report-context.js';

export interface BreakdownRow {
  key: string | null;
  provider?: string | null;
  cost: number;
  calls: number;
  unpriced_calls: number;
  total_tokens: number;
  average_cost_per_call: number;
  percent_of_total: number;
}

export interface BreakdownAnswer {
  group_by: string;
  start_date: string;
  end_date: string;
  total_cost: number;
  data: BreakdownRow[];
  pagination: { total: number };
}

/** The breakdown table with a cost bar per group; shared with `tokentally top`. */
export function breakdownTable(b: BreakdownAnswer): string {
  const max = Math.max(0, ...b.data.map((r) => r.cost));
  return table<BreakdownRow>(
    [
      { header: b.group_by.replace('_', ' '), value: (r) => (r.key ?? '(none)') + (r.provider ? `  ${r.provider}` : '') },
      { header: 'Cost', value: (r) => formatCost(r.cost, r.calls, r.unpriced_calls), align: 'right' },
      { header: '', value: (r) => bar(r.cost, max) },
      { header: 'Share', value: (r) => `${r.percent_of_total.toFixed(1)}%`, align: 'right' },
      { header: 'Calls', value: (r) => formatCount(r.calls), align: 'right' },
      { header: 'Tokens', value: (r) => formatTokens(r.total_tokens), align: 'right' },
      { header: 'Avg/call', value: (r) => formatUsd(r.average_cost_per_call), align: 'right' },
    ],
    b.data,
  );
}

export const breakdownCommand: Command = {
  name: 'breakdown',
  summary: 'Spend grouped by model, provider, agent, category, task type, session or run (default this month)',
  usage: `tokentally breakdown --by model|provider|agent|category|task_type|session|run ${REPORT_USAGE} [--limit N]`,
  async run(argv) {
    const { values } = parseCommandArgs(argv, { ...reportOptions, by: { type: 'string', short: 'b' }, limit: { type: 'string' } });
    if (!values.by) throw new UsageError('--by is required (model, provider, agent, category, task_type, session or run)');
    const b = await apiClientFor(values.config).get<BreakdownAnswer>('/v1/usage/breakdown', { ...reportQuery(values), group_by: values.by, limit: values.limit ?? 25 });
    if (values.json) return printJson(b);
    console.log(`Spend by ${b.group_by.replace('_', ' ')}, ${b.start_date} to ${b.end_date}: ${formatUsd(b.total_cost)}\n`);
    console.log(breakdownTable(b));
    if (b.pagination.total > b.data.length) console.log(`… ${formatCount(b.pagination.total - b.data.length)} more (--limit)`);
    return 0;
  },
};
