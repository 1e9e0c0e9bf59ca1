import type { QueryValues } from './api-client.js';

/** Options every report command shares: the config, the time window, the call filters, --json. */
export const reportOptions = {
  config: { type: 'string', short: 'c' },
  json: { type: 'boolean' },
  period: { type: 'string', short: 'p' },
  'start-date': { type: 'string' },
  'end-date': { type: 'string' },
  tz: { type: 'string' },
  agent: { type: 'string' },
  provider: { type: 'string' },
  model: { type: 'string' },
  category: { type: 'string' },
  'task-type': { type: 'string' },
  session: { type: 'string' },
  run: { type: 'string' },
} as const;

export const REPORT_USAGE = '[--period today|yesterday|week|month|all_time | --start-date YYYY-MM-DD --end-date YYYY-MM-DD] [--tz ZONE] [--agent A] [--provider P] [--model M] [--category C] [--task-type T] [--session S] [--run R] [--json] [--config FILE]';

type ReportValues = { [K in keyof typeof reportOptions]?: (typeof reportOptions)[K]['type'] extends 'boolean' ? boolean : string };

export interface ReportQuery extends QueryValues {
  period?: string;
  start_date?: string;
  end_date?: string;
  tz?: string;
  agent?: string;
  provider?: string;
  model?: string;
  category?: string;
  task_type?: string;
  session_id?: string;
  run_id?: string;
}

/** The API query parameters of the shared options (the server validates them and names a bad one). */
export function reportQuery(values: ReportValues): ReportQuery {
  return {
    period: values.period,
    start_date: values['start-date'],
    end_date: values['end-date'],
    tz: values.tz,
    agent: values.agent,
    provider: values.provider,
    model: values.model,
    category: values.category,
    task_type: values['task-type'],
    session_id: values.session,
    run_id: values.run,
  };
}
