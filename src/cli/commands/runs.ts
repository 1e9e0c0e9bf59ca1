import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { reportOptions, reportQuery } from '../client/query-options.js';
import { formatCount, formatDuration } from '../format/numbers.js';
import { formatUsd } from '../../util/money.js';
import { bar, keyValues, table } from '../format/table.js';
import { apiClientFor, printJson } from './report-context.js';

export interface RunRow {
  run_id: string;
  start_time: string;
  duration_ms: number | null;
  status: string;
  calls: number;
  total_cost: number;
  retry_cost: number;
  agents: string[];
}

interface RunsAnswer {
  data: RunRow[];
  pagination: { total: number };
  cost_per_run_by_agent: Array<{ agent: string; runs: number; average_cost: number; p50_cost: number; p95_cost: number; max_cost: number }>;
}

interface RunDetail extends RunRow {
  end_time: string;
  tool_calls: number;
  tool_cost: number;
  agents: never;
  timeline_truncated: boolean;
}

interface RunDetailAnswer extends Omit<RunDetail, 'agents'> {
  agents: Array<{ agent: string; calls: number; cost: number; share_pct: number }>;
  timeline: Array<{ kind: string; start_time: string; agent: string; name: string; model?: string; status: string; cost: number | null; duration_ms: number | null }>;
}


/** The runs table; shared with `tokentally top`. */
export function runsTable(runs: readonly RunRow[]): string {
  const max = Math.max(0, ...runs.map((r) => r.total_cost));
  return table<RunRow>(
    [
      { header: 'Run', value: (r) => r.run_id },
      { header: 'Started', value: (r) => r.start_time.replace('T', ' ').slice(0, 19) },
      { header: 'Took', value: (r) => formatDuration(r.duration_ms), align: 'right' },
      { header: 'Status', value: (r) => r.status },
      { header: 'Calls', value: (r) => formatCount(r.calls), align: 'right' },
      { header: 'Cost', value: (r) => formatUsd(r.total_cost), align: 'right' },
      { header: '', value: (r) => bar(r.total_cost, max, 12) },
      { header: 'Agents', value: (r) => r.agents.join(', ') },
    ],
    runs,
  );
}

function printDetail(run: RunDetailAnswer): void {
  console.log(`Run ${run.run_id}\n`);
  console.log(
    keyValues([
      ['Started', `${run.start_time}  (took ${formatDuration(run.duration_ms)})`],
      ['Status', run.status],
      ['Cost', `${formatUsd(run.total_cost)}  (tools ${formatUsd(run.tool_cost)}, retries ${formatUsd(run.retry_cost)})`],
      ['Calls', `${formatCount(run.calls)} model calls, ${formatCount(run.tool_calls)} tool calls`],
    ]),
  );
  const max = Math.max(0, ...run.agents.map((a) => a.cost));
  console.log('\nAgents');
  console.log(
    table(
      [
        { header: 'Agent', value: (a) => a.agent },
        { header: 'Cost', value: (a) => formatUsd(a.cost), align: 'right' },
        { header: '', value: (a) => bar(a.cost, max, 12) },
        { header: 'Share', value: (a) => `${a.share_pct.toFixed(1)}%`, align: 'right' },
        { header: 'Calls', value: (a) => formatCount(a.calls), align: 'right' },
      ],
      run.agents,
    ),
  );
  console.log('\nTimeline');
  console.log(
    table(
      [
        { header: 'Time', value: (t) => t.start_time.slice(11, 23) },
        { header: 'Kind', value: (t) => t.kind },
        { header: 'Agent', value: (t) => t.agent },
        { header: 'What', value: (t) => (t.model ? `${t.name} ${t.model}` : t.name) },
        { header: 'Status', value: (t) => t.status },
        { header: 'Took', value: (t) => formatDuration(t.duration_ms), align: 'right' },
        { header: 'Cost', value: (t) => (t.cost === null ? '' : formatUsd(t.cost)), align: 'right' },
      ],
      run.timeline,
    ),
  );
  if (run.timeline_truncated) console.log('… timeline truncated');
}

export const runsCommand: Command = {
  name: 'runs',
  summary: 'Pipeline runs, newest first (or one run in detail), with cost per run per agent',
  usage: 'tokentally runs [RUN_ID] [--agent A] [--status ok|error|unset] [--min-cost USD] [--max-cost USD] [--sort newest|cost] [--limit N] [--period P | --start-date D --end-date D] [--json] [--config FILE]',
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { ...reportOptions, status: { type: 'string' }, 'min-cost': { type: 'string' }, 'max-cost': { type: 'string' }, sort: { type: 'string' }, limit: { type: 'string' } },
      true,
    );
    const client = apiClientFor(values.config);
    if (positionals[0]) {
      const run = await client.get<RunDetailAnswer>(`/v1/runs/${encodeURIComponent(positionals[0])}`);
      if (values.json) return printJson(run);
      printDetail(run);
      return 0;
    }
    const { period, start_date, end_date, tz, agent } = reportQuery(values);
    const runs = await client.get<RunsAnswer>('/v1/runs', {
      period, start_date, end_date, tz, agent,
      status: values.status,
      min_cost: values['min-cost'],
      max_cost: values['max-cost'],
      sort: values.sort,
      limit: values.limit ?? 20,
    });
    if (values.json) return printJson(runs);
    console.log(`${formatCount(runs.pagination.total)} runs\n`);
    console.log(runsTable(runs.data));
    if (runs.cost_per_run_by_agent.length > 0) {
      console.log('\nCost per run, by agent');
      console.log(
        table(
          [
            { header: 'Agent', value: (s) => s.agent },
            { header: 'Runs', value: (s) => formatCount(s.runs), align: 'right' },
            { header: 'Average', value: (s) => formatUsd(s.average_cost), align: 'right' },
            { header: 'p50', value: (s) => formatUsd(s.p50_cost), align: 'right' },
            { header: 'p95', value: (s) => formatUsd(s.p95_cost), align: 'right' },
            { header: 'Max', value: (s) => formatUsd(s.max_cost), align: 'right' },
          ],
          runs.cost_per_run_by_agent,
        ),
      );
    }
    return 0;
  },
};
