import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { REPORT_USAGE, reportOptions, reportQuery } from '../client/query-options.js';
import { formatUsd } from '../../util/money.js';
import { breakdownTable, type BreakdownAnswer } from './breakdown.js';
import { apiClientFor, printJson } from './report-context.js';
import { runsTable, type RunRow } from './runs.js';

export const topCommand: Command = {
  name: 'top',
  summary: 'The biggest spenders (default today): top agents, models and runs by cost',
  usage: `tokentally top ${REPORT_USAGE} [--limit N]`,
  async run(argv) {
    const { values } = parseCommandArgs(argv, { ...reportOptions, limit: { type: 'string' } });
    const client = apiClientFor(values.config);
    const query = { ...reportQuery(values), period: values.period ?? (values['start-date'] || values['end-date'] ? undefined : 'today'), limit: values.limit ?? 5 };
    const [agents, models, runs] = await Promise.all([
      client.get<BreakdownAnswer>('/v1/usage/breakdown', { ...query, group_by: 'agent' }),
      client.get<BreakdownAnswer>('/v1/usage/breakdown', { ...query, group_by: 'model' }),
      client.get<{ data: RunRow[] }>('/v1/runs', { period: query.period, start_date: query.start_date, end_date: query.end_date, tz: query.tz, agent: query.agent, sort: 'cost', limit: query.limit }),
    ]);
    if (values.json) return printJson({ agents: agents.data, models: models.data, runs: runs.data });
    console.log(`Top spenders, ${agents.start_date} to ${agents.end_date}: ${formatUsd(agents.total_cost)} in all\n`);
    console.log(`Agents\n${breakdownTable(agents)}\n`);
    console.log(`Models\n${breakdownTable(models)}\n`);
    console.log(`Runs\n${runsTable(runs.data)}`);
    return 0;
  },
};
