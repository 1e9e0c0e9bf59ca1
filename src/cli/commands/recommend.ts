import { parseCommandArgs } from '../args.js';
import { UsageError, type Command } from '../command.js';
import { formatUsd } from '../../util/money.js';
import { table } from '../format/table.js';
import { RECOMMENDATION_KINDS, type RecommendationJson } from '../../recommendations/recommendation.js';
import type { recommendationsJson } from '../../recommendations/response.js';
import { apiClientFor, printJson } from './report-context.js';

type Answer = ReturnType<typeof recommendationsJson>;

/** All of them: the CLI shows one table, not pages. */
const LIMIT = 500;

/** The answer as people read it: a ranked table, what to do for each, the total and the minimum data. */
export function formatRecommendations(answer: Answer): string {
  if (answer.data.length === 0) {
    const held = answer.skipped.length > 0 ? ` ${answer.skipped.length} held back (--json shows why).` : '';
    return `No recommendations for the last ${answer.lookback_days} days.${held}\nMinimum data: ${answer.minimum_data.rule}.`;
  }
  const rows = answer.data.map((r, i) => ({ ...r, n: i + 1 }));
  return [
    table<RecommendationJson & { n: number }>(
      [
        { header: '#', value: (r) => String(r.n), align: 'right' },
        { header: 'Priority', value: (r) => r.priority },
        { header: 'Kind', value: (r) => r.kind },
        { header: 'Recommendation', value: (r) => r.title },
        { header: 'Saves / month', value: (r) => formatUsd(r.estimated_monthly_savings_usd), align: 'right' },
        { header: 'Reduction', value: (r) => `${r.percent_reduction}%`, align: 'right' },
      ],
      rows,
    ),
    '',
    ...rows.map((r) => `${r.n}. ${r.problem}\n   ${r.solution}`),
    '',
    `Total potential savings: ${formatUsd(answer.total_estimated_monthly_savings_usd)} per month; ${answer.total_note}.`,
    ...(answer.skipped.length > 0 ? [`${answer.skipped.length} held back (too little data, long outputs, already caching…): --json shows why.`] : []),
    `Minimum data: ${answer.minimum_data.rule}.`,
  ].join('\n');
}

export const recommendCommand: Command = {
  name: 'recommend',
  summary: 'How to spend less: recommendations ranked by their estimated monthly savings',
  usage: `tokentally recommend [--agent NAME] [--kind ${RECOMMENDATION_KINDS.join('|')}] [--model M] [--task-type T] [--json] [--config FILE]`,
  async run(argv) {
    const { values } = parseCommandArgs(argv, {
      config: { type: 'string', short: 'c' },
      json: { type: 'boolean' },
      agent: { type: 'string' },
      kind: { type: 'string' },
      model: { type: 'string' },
      'task-type': { type: 'string' },
    });
    if (values.kind !== undefined && !(RECOMMENDATION_KINDS as readonly string[]).includes(values.kind)) {
      throw new UsageError(`--kind must be one of ${RECOMMENDATION_KINDS.join(', ')}`);
    }
    const path = values.agent === undefined ? '/v1/recommendations' : `/v1/agents/${encodeURIComponent(values.agent)}/recommendations`;
    const answer = await apiClientFor(values.config).get<Answer>(path, { kind: values.kind, model: values.model, task_type: values['task-type'], limit: LIMIT });
    if (values.json) return printJson(answer);
    console.log(formatRecommendations(answer));
    return 0;
  },
};
