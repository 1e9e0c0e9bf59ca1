import { request as httpRequest } from 'node:http';
import cliProgress from 'cli-progress';
import { loadConfig } from '../../config/load.js';
import type { TokentallyConfig } from '../../config/schema.js';
import { Dictionary } from '../../exporters/duckdb/dictionary.js';
import { settleRollups } from '../../exporters/duckdb/group-commit.js';
import { databaseOptions } from '../../exporters/duckdb/config.js';
import { Catalog } from '../../pricing/catalog.js';
import { DuckdbOverrideStore } from '../../pricing/override-store.js';
import { RangeInputError, repriceRange } from '../../pricing/reprice-range.js';
import { Repricer, repriceSummary, type RepricePhase, type RepriceRequest, type RepriceSummary, type WriteAccess } from '../../pricing/repricer.js';
import { PricingService } from '../../pricing/service.js';
import { Database } from '../../storage/database.js';
import { formatEndpoint, parseEndpoint } from '../../util/net.js';
import { configOption, parseCommandArgs } from '../args.js';
import { UsageError, type Command } from '../command.js';
import { resolveConfigPath } from '../config-path.js';

type ApiOutcome = { status: 'done'; summary: RepriceSummary } | { status: 'not_running' } | { status: 'failed'; message: string };

const PHASE_LABELS: Record<RepricePhase, string> = { scan: 'resolving models', price: 'pricing calls', stage: 'copying changed calls', write: 'writing changes' };

/** The running server's API address: a wildcard bind is reached on loopback. */
function apiAddress(config: TokentallyConfig): string {
  const endpoint = parseEndpoint(config.api.endpoint);
  const host = endpoint.host === '0.0.0.0' ? '127.0.0.1' : endpoint.host === '::' ? '::1' : endpoint.host;
  return formatEndpoint({ host, port: endpoint.port });
}

/**
 * POSTs to the running server. node:http rather than fetch: a long re-pricing must not hit
 * fetch's five-minute header timeout. A refused connection means no server runs.
 */
function repriceViaApi(address: string, body: object, apiKey: string | undefined): Promise<ApiOutcome> {
  const payload = JSON.stringify(body);
  return new Promise((resolve) => {
    const req = httpRequest(
      `http://${address}/v1/pricing/reprice`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode === 200) {
            resolve({ status: 'done', summary: JSON.parse(text) as RepriceSummary });
            return;
          }
          let message = `HTTP ${res.statusCode}`;
          try {
            message = (JSON.parse(text) as { error: { message: string } }).error.message;
          } catch {
            // Not our error format (a proxy's page): the status line is all there is to say.
          }
          resolve({ status: 'failed', message });
        });
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      resolve(error.code === 'ECONNREFUSED' ? { status: 'not_running' } : { status: 'failed', message: error.message });
    });
    req.end(payload);
  });
}

/** No server: open the DuckDB file (one writer process at a time) and re-price here, with a progress bar. */
async function repriceOffline(config: TokentallyConfig, request: RepriceRequest): Promise<RepriceSummary> {
  const db = await Database.open(databaseOptions(config.exporters.duckdb, config.exporters.duckdb.threads));
  const con = await db.connect();
  const bar = new cliProgress.SingleBar({ format: '{phase} [{bar}] {value}/{total}', clearOnComplete: true, hideCursor: true }, cliProgress.Presets.shades_classic);
  let shown: RepricePhase | undefined;
  try {
    const pricing = await PricingService.create({ catalog: await Catalog.load(), store: new DuckdbOverrideStore(db), configOverrides: config.pricing.overrides });
    const dict = new Dictionary();
    await dict.load(con);
    // Re-pricing corrects the roll-ups by deltas: first add what a crashed server left out of them.
    await settleRollups(con);
    const write: WriteAccess = (task) => task(con, dict);
    const result = await new Repricer(pricing, write).reprice(request, (p) => {
      if (shown !== p.phase) {
        if (shown !== undefined) bar.stop();
        bar.start(p.total, 0, { phase: PHASE_LABELS[p.phase] });
        shown = p.phase;
      }
      bar.update(p.done);
    });
    return repriceSummary(result);
  } finally {
    bar.stop();
    con.closeSync();
    db.close();
  }
}

function formatSummary(s: RepriceSummary): string {
  const sign = s.delta_usd >= 0 ? '+' : '-';
  return [
    `${s.calls_scanned} calls scanned, ${s.calls_changed} changed`,
    `cost: $${s.cost_before_usd.toFixed(9)} -> $${s.cost_after_usd.toFixed(9)} (${sign}$${Math.abs(s.delta_usd).toFixed(9)})`,
    `unpriced calls: ${s.unpriced_before} -> ${s.unpriced_after}`,
    `${s.activities_scanned} tool calls scanned, ${s.activities_changed} changed`,
    `tool cost: $${s.activity_cost_before_usd.toFixed(9)} -> $${s.activity_cost_after_usd.toFixed(9)} (${s.activity_delta_usd >= 0 ? '+' : '-'}$${Math.abs(s.activity_delta_usd).toFixed(9)})`,
  ].join('\n');
}

export const repriceCommand: Command = {
  name: 'reprice',
  summary: 'Recompute stored costs (and every roll-up) for a time range after prices changed',
  usage: 'tokentally reprice --from DATE --to DATE [--provider P] [--model M] [--config FILE] [--api-key KEY]',
  async run(argv) {
    const { values } = parseCommandArgs(argv, {
      ...configOption,
      from: { type: 'string' },
      to: { type: 'string' },
      provider: { type: 'string' },
      model: { type: 'string' },
      'api-key': { type: 'string' },
    });
    let range: { fromMs: number; toMs: number };
    try {
      range = repriceRange(values.from, values.to);
    } catch (error) {
      if (error instanceof RangeInputError) throw new UsageError(`--${error.message}`);
      throw error;
    }
    const config = loadConfig(resolveConfigPath(values.config));
    const request: RepriceRequest = { ...range, provider: values.provider, model: values.model };
    const address = apiAddress(config);
    const body = { from: values.from, to: values.to, provider: values.provider, model: values.model };
    const outcome = await repriceViaApi(address, body, values['api-key'] ?? process.env.TOKENTALLY_API_KEY);
    if (outcome.status === 'failed') {
      console.error(`tokentally reprice: the server at ${address} refused: ${outcome.message}`);
      return 1;
    }
    const summary = outcome.status === 'done' ? outcome.summary : await repriceOffline(config, request);
    console.log(`${outcome.status === 'done' ? `re-priced by the server at ${address}` : `re-priced ${config.exporters.duckdb.path}`}:\n${formatSummary(summary)}`);
    return 0;
  },
};
