import type { Router } from 'express';
import type { TokentallyConfig } from '../config/schema.js';
import type { Component } from '../pipeline/component.js';
import { ApiKeyStore } from '../auth/api-keys.js';
import { Database } from '../storage/database.js';
import { serverDuckdbThreads } from '../exporters/duckdb/threads.js';
import { databaseOptions } from '../exporters/duckdb/config.js';
import { Reader } from '../storage/reader.js';
import { createDuckdbExporter } from '../exporters/duckdb/factory.js';
import { OtlpHttpReceiver } from '../receivers/otlp/http.js';
import { OtlpGrpcReceiver } from '../receivers/otlp/grpc.js';
import { ReceiverStats } from '../receivers/otlp/stats.js';
import type { IngestDeps } from '../receivers/otlp/ingest.js';
import { Catalog } from '../pricing/catalog.js';
import { DuckdbOverrideStore } from '../pricing/override-store.js';
import { PricingService } from '../pricing/service.js';
import { Repricer } from '../pricing/repricer.js';
import { OverrideError } from '../pricing/overrides.js';
import { createBudgets } from '../budgets/factory.js';
import { RecommendationEngine, recommendationJson, scopeForBudget } from '../recommendations/index.js';
import { ConfigError } from '../config/load.js';
import { ApiServer } from '../api/server.js';
import { formatEndpoint, parseEndpoint } from '../util/net.js';
import { assertSafeBinding } from './loopback-guard.js';
import { InlineProcessing, type TracesProcessing } from '../pipeline/processing.js';
import { WorkerProcessing } from '../pipeline/worker/worker-processing.js';
import { HeapSteering } from './heap-steering.js';
import { apiRouters } from './routers.js';
import { LatencyHistogram, type PipelineStats, type PipelineStatsSource } from '../analytics/metrics/pipeline-stats.js';
import type { ListeningPorts } from './banner.js';

export interface ServiceOptions {
  /** Injected clock (ms since epoch) for budgets and "now"-relative analytics in tests. */
  clock?: () => number;
}

export interface RunningService {
  ports: ListeningPorts;
  authOpen: boolean;
  db: Database;
  shutdown(): Promise<void>;
}

/**
 * Assembles and starts tokentally: storage, pricing, the traces pipeline
 * (receivers -> genai -> cost -> runs -> duckdb exporter -> commit listeners) and the API.
 * Components start downstream first and stop upstream first, so nothing accepted is dropped.
 */
export async function startService(config: TokentallyConfig, options: ServiceOptions = {}): Promise<RunningService> {
  assertSafeBinding(config);
  const keys = new ApiKeyStore(config.auth.api_keys);
  const duckdb = config.exporters.duckdb;
  const db = await Database.open(databaseOptions(duckdb, serverDuckdbThreads(duckdb.threads)));
  const started: Component[] = [];
  const reader = new Reader(db);
  try {
    const pricing = await createPricing(db, config);
    const commitLatency = new LatencyHistogram();
    const recommendations = new RecommendationEngine({ reader, pricing, config: config.recommendations, clock: options.clock });
    const budgets = createBudgets(
      { budgets: config.budgets, alerts: config.alerts },
      {
        database: db,
        clock: options.clock,
        recommendations: async (budget) => (await recommendations.topRecommendationsFor(scopeForBudget(budget), 3)).map(recommendationJson),
      },
    );
    const exporter = createDuckdbExporter(duckdb, db, [budgets], (seconds) => commitLatency.observe(seconds));
    const processing: TracesProcessing = config.service.pipelines.traces.processing_thread ? new WorkerProcessing(config, pricing) : new InlineProcessing(config, pricing);
    // Budgets rebuild their totals inside the same exclusive slot, so no commit interleaves.
    const repricer = new Repricer(pricing, (task) =>
      exporter.exclusive(async (con, dict) => {
        const result = await task(con, dict);
        await budgets.reloadUsage();
        return result;
      }),
    );
    const receiverStats = new ReceiverStats();
    const heapSteering = new HeapSteering(config.service.memory);

    // Budgets stop after the exporter has drained (its last commits still reach them), so they
    // are first in `started`, which stops in reverse order.
    await exporter.start();
    started.push(exporter);
    await budgets.start();
    started.unshift(budgets);
    await processing.start();
    started.push(processing);
    await heapSteering.start();
    started.push(heapSteering);

    const pipeline: PipelineStatsSource = {
      pipelineStats: () => ({
        spans: (['http', 'grpc'] as const).map((protocol) => ({ protocol, ...receiverStats.byProtocol[protocol], refusedRequests: receiverStats.refusedRequests[protocol] })),
        queue: { depth: exporter.stats.queuedRecords, capacity: duckdb.queue_max_spans },
        duplicates: { spans: exporter.stats.duplicateSpans, databaseLookups: exporter.stats.databaseLookups },
        commitLatency: commitLatency.snapshot(),
        processing: processing.stats(),
        memory: { ...processMemory(), softLimitBytes: heapSteering.limitBytes, steering: heapSteering.level.name, steeringChanges: heapSteering.changes },
      }),
    };
    const routers: Router[] = apiRouters({ config, keys, reader, db, pricing, repricer, budgets, recommendations, clock: options.clock, pipeline });
    const api = new ApiServer({ endpoint: parseEndpoint(config.api.endpoint) }, routers);

    const ingestDeps: IngestDeps = { processing, next: exporter, keys, stats: receiverStats, admission: (inFlight) => exporter.admissionError(inFlight) };
    const { grpc, http } = config.receivers.otlp.protocols;
    const grpcReceiver = grpc ? new OtlpGrpcReceiver(grpc, ingestDeps) : undefined;
    const httpReceiver = http ? new OtlpHttpReceiver(http, ingestDeps) : undefined;
    for (const receiver of [grpcReceiver, httpReceiver, api]) {
      if (!receiver) continue;
      await receiver.start();
      started.push(receiver);
    }

    const host = (endpoint: string, port: number) => formatEndpoint({ host: parseEndpoint(endpoint).host, port });
    return {
      ports: {
        otlpGrpc: grpcReceiver && grpc ? host(grpc.endpoint, grpcReceiver.boundPort) : undefined,
        otlpHttp: httpReceiver && http ? host(http.endpoint, httpReceiver.boundPort) : undefined,
        api: host(config.api.endpoint, api.boundPort),
      },
      authOpen: keys.open,
      db,
      shutdown: () => stopAll(started, reader, db),
    };
  } catch (error) {
    await stopAll(started, reader, db);
    throw error;
  }
}

/** A bad price override in the config stops start-up like any other config error. */
async function createPricing(db: Database, config: TokentallyConfig): Promise<PricingService> {
  try {
    return await PricingService.create({ catalog: await Catalog.load(), store: new DuckdbOverrideStore(db), configOverrides: config.pricing.overrides });
  } catch (error) {
    if (error instanceof OverrideError) throw new ConfigError([error.message], 'configuration');
    throw error;
  }
}

/** Upstream first: receivers stop taking work, then processors, then the exporter drains. */
async function stopAll(started: Component[], reader: Reader, db: Database): Promise<void> {
  for (const component of [...started].reverse()) {
    try {
      await component.shutdown();
    } catch (error) {
      console.error('tokentally: error during shutdown', error);
    }
  }
  started.length = 0;
  reader.close();
  db.close();
}

function processMemory(): Pick<PipelineStats['memory'], 'rssBytes' | 'heapUsedBytes' | 'externalBytes'> {
  const m = process.memoryUsage();
  return { rssBytes: m.rss, heapUsedBytes: m.heapUsed, externalBytes: m.external };
}
