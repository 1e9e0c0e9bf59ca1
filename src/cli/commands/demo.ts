import cliProgress from 'cli-progress';
import { demoEndpoints } from '../../demo/endpoints.js';
import { runDemo } from '../../demo/run-demo.js';
import { formatSummary } from '../../demo/summary.js';
import { parseCommandArgs } from '../args.js';
import { UsageError, type Command } from '../command.js';

const options = {
  endpoint: { type: 'string' },
  api: { type: 'string' },
  seed: { type: 'string' },
  days: { type: 'string' },
  'runs-per-day': { type: 'string' },
} as const;

function numberOption(raw: string | undefined, name: string, fallback: number, min: number, max: number, integer: boolean): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
    throw new UsageError(`--${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}; got "${raw}"`);
  }
  return value;
}

function urlOption(raw: string | undefined, name: string): string | undefined {
  if (raw === undefined || URL.canParse(raw)) return raw;
  throw new UsageError(`--${name} must be a URL such as http://127.0.0.1:4318/v1/traces; got "${raw}"`);
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Send 30 days of a realistic agent fleet through the OTLP receiver, so every endpoint has something to show',
  usage:
    'tokentally demo [--endpoint URL] [--api URL] [--seed N] [--days N] [--runs-per-day N]\n' +
    '  --endpoint      OTLP/HTTP traces URL (default http://127.0.0.1:4318/v1/traces)\n' +
    '  --api           API base URL for the agent registry and example budgets (default: the endpoint host, port 4319)\n' +
    '  --seed          the same seed sends the same fleet history (default 42)\n' +
    '  --days          days of history, today included (default 30)\n' +
    '  --runs-per-day  research-report runs on a busy weekday; support conversations are 3x (default 30, about 30,000 spans)\n' +
    '  TOKENTALLY_API_KEY is sent as a bearer token when set.',
  async run(argv) {
    const { values } = parseCommandArgs(argv, options);
    const endpoints = demoEndpoints(urlOption(values.endpoint, 'endpoint'), urlOption(values.api, 'api'));
    const seed = numberOption(values.seed, 'seed', 42, 0, 2 ** 32 - 1, true);
    const days = numberOption(values.days, 'days', 30, 1, 366, true);
    const runsPerDay = numberOption(values['runs-per-day'], 'runs-per-day', 30, 0.1, 1_000, false);
    const apiKey = process.env.TOKENTALLY_API_KEY || undefined;

    const bar = new cliProgress.SingleBar(
      { format: 'sending spans |{bar}| {percentage}% | {value}/{total} spans | {eta_formatted} left', hideCursor: true, clearOnComplete: true },
      cliProgress.Presets.shades_classic,
    );
    const started = Date.now();
    let result;
    try {
      result = await runDemo({
        seed,
        days,
        runsPerDay,
        nowMs: started,
        endpoint: endpoints.otlp,
        apiUrl: endpoints.api,
        apiKey,
        onPlanned: (plan) => {
          console.log(`tokentally demo: ${plan.totals.runs.toLocaleString('en-US')} runs over ${plan.totals.days} days -> ${endpoints.otlp}`);
          bar.start(plan.totals.spans, 0);
        },
        onProgress: (sent) => bar.update(sent),
      });
    } finally {
      bar.stop();
    }
    console.log(formatSummary(result, { elapsedMs: Date.now() - started, apiUrl: endpoints.api }));
    return 0;
  },
};
