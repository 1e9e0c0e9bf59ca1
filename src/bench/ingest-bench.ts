import { tmpdir } from 'node:os';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { newBatch, type TraceBatch } from '../pipeline/batch.js';
import { parseConfig } from '../config/load.js';
import { Catalog } from '../pricing/catalog.js';
import { MemoryOverrideStore } from '../pricing/override-store.js';
import { PricingService } from '../pricing/service.js';
import { decodeTracesProtobuf } from '../receivers/otlp/decode/index.js';
import { buildProcessors } from '../service/pipeline.js';
import { runningGlibcVersion, withMmapThreshold, withoutMmapThreshold } from '../service/malloc-advice.js';
import { makeAgentTraceBatches, makeSpanBatches, repeatedWithFreshIds, sustainedSpanBatches } from './span-factory.js';
import { combineLoads, grpcLoad, httpLoad, percentile, type Bodies, type LoadResult } from './load-generator.js';
import { measureDecode, measurePlainAppender, type DecodeFigures } from './references.js';
import { cpuSeconds, ephemeralConfig, peakRssMiB, spawnServer, type ServerProcess } from './server-process.js';

export const SPANS_PER_BATCH = 512;

/**
 * Requests each server gets before the clock starts (a tenth of a load, at most this many): the
 * target is sustained ingest, and a fresh server's first requests pay for compiling the hot
 * path on both threads and for DuckDB's first row group.
 */
const MAX_WARMUP_BATCHES = 20;

/**
 * Requests each load sends by default (the bench's `--batches`): four rounds of 200, ~100,000
 * spans and 1–2 s each. Rounds of 50 (200 requests a load, the default until 2026-12-05) were half
 * filling and draining the pipeline (a request waits ~100 ms for its group commit): alternating on
 * this machine, 200 requests measured 62,000–68,000 spans/s where 800 measured 78,000–83,000.
 */
export const DEFAULT_LOAD_BATCHES = 800;

/**
 * The requests made by the SDK for each load; the rest are copies with fresh ids (withFreshIds),
 * made round by round, so the bench holds ~150 MB of bodies rather than ~700.
 */
const TEMPLATE_BATCHES = 200;

/** Turns the two protocols take (fewer when a round would have under MIN_ROUND_BATCHES requests). */
const ROUNDS = 4;
const MIN_ROUND_BATCHES = 50;

/**
 * The overload phase's default length (the bench's `--overload-batches`): 4,000 requests, ~2M
 * spans on top of the loads before it. Memory rises while DuckDB's pool fills with rows written
 * since the last checkpoint and the heaps and allocators reach their working size, then levels
 * off: sampled every 50 ms through 3M spans (2026-12-05), the 5-second peaks climbed 452, 515,
 * 596, 635, 660, 674 MiB and then stayed at 661-690 from ~1.7M spans on. 1,200 requests, the
 * length before, ended on the climb and reported ~100 MiB less (and 200 requests, the length
 * before that, ended before the first checkpoint, ~150 MiB below that).
 */
export const SUSTAINED_OVERLOAD_BATCHES = 4_000;

export interface IngestFigures {
  http: LoadResult;
  grpc: LoadResult;
  /** OTLP/HTTP with agent traces (makeAgentTraceBatches): tool calls and parent links too. */
  agentTraces: LoadResult;
  overload: LoadResult;
  peakRssMiB: number | undefined;
  /**
   * CPU a span through the OTLP/HTTP load, in µs: the server's (every thread: receiving, the
   * processing thread, DuckDB, the collector) and the bench client's, which shares the machine.
   * Undefined where /proc is not there to read.
   */
  httpCpu?: { serverMicrosPerSpan: number; clientMicrosPerSpan: number };
  /**
   * Where glibc is the C library: a fourth server started with its mmap threshold fixed
   * (malloc-advice.ts), given the OTLP/HTTP load and the overload the first one gets; the others
   * run with the threshold glibc's own (any such setting of the caller's is taken out).
   */
  glibcTuned?: { http: LoadResult; overload: LoadResult; peakRssMiB: number | undefined };
  decode: DecodeFigures;
  plainAppenderRowsPerSecond: number;
}

export interface IngestBenchOptions {
  batches: number;
  /** Requests of the overload phase (64 senders); see SUSTAINED_OVERLOAD_BATCHES. */
  overloadBatches: number;
  concurrency: number;
  progress: (phase: string, done: number, total: number) => void;
}

/**
 * The bodies decoded and run through the server's processors with the default config, one batch
 * a body, as they reach the exporter: the rows the plain Appender reference stores.
 */
export async function processLocally(bodies: Uint8Array[]): Promise<TraceBatch[]> {
  const config = parseConfig({}, 'bench', {});
  const pricing = await PricingService.create({ catalog: await Catalog.load(), store: new MemoryOverrideStore(), configOverrides: [] });
  const batches: TraceBatch[] = [];
  const { head } = buildProcessors(config, { consume: async (b: TraceBatch) => void batches.push(b) }, pricing);
  for (const body of bodies) await head.consume(newBatch({ protocol: 'http', tenant: 'default' }, decodeTracesProtobuf(body)));
  return batches;
}

/**
 * End-to-end ingest through real `tokentally serve` processes over loopback: OTLP/HTTP protobuf
 * and OTLP/gRPC in batches of 512 gen_ai spans (each acknowledged only once committed), and
 * OTLP/HTTP with agent traces (tool calls, spans that inherit their agent and run), each load
 * against a fresh server and file of its own, then an overload phase on the HTTP server;
 * beside them, measured in the same run on the same bytes, a generic protobuf decode and DuckDB's
 * plain row-by-row Appender.
 *
 * The protocols take turns in rounds: on this shared machine a run's speed drifts by ±20% within
 * seconds, and one protocol after the other had the two figures drift apart (gRPC at 66–103% of
 * HTTP in runs minutes apart, whichever went first).
 */
export async function runIngestBench(options: IngestBenchOptions): Promise<IngestFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'tokentally-bench-'));
  const servers: ServerProcess[] = [];
  try {
    const glibc = runningGlibcVersion() !== undefined;
    const total = options.batches * (glibc ? 4 : 3) + options.overloadBatches * (glibc ? 2 : 1);
    options.progress('generating spans', 0, total);
    const templates = Math.min(options.batches, TEMPLATE_BATCHES);
    const chat = makeSpanBatches(templates * 2, SPANS_PER_BATCH);
    const httpBodies = repeatedWithFreshIds(chat.slice(0, templates), options.batches);
    const grpcBodies = repeatedWithFreshIds(chat.slice(templates), options.batches);
    const agentBodies = repeatedWithFreshIds(makeAgentTraceBatches(templates, SPANS_PER_BATCH), options.batches);
    let done = 0;
    const tick = (phase: string) => () => options.progress(phase, ++done, total);

    const start = async (name: string, tunables = withoutMmapThreshold(process.env.GLIBC_TUNABLES)) => {
      const server = await freshServer(join(dir, name), { GLIBC_TUNABLES: tunables });
      servers.push(server);
      return server;
    };
    const [httpServer, grpcServer, agentServer, tunedServer] = await Promise.all([
      start('http'),
      start('grpc'),
      start('agents'),
      glibc ? start('http-glibc-tuned', withMmapThreshold(process.env.GLIBC_TUNABLES)) : undefined,
    ]);
    if (tunedServer) {
      expectMallocSetting(httpServer, false);
      expectMallocSetting(tunedServer, true);
    }
    options.progress('warming up', 0, total);
    const warmup = Math.min(MAX_WARMUP_BATCHES, Math.ceil(options.batches / 10));
    for (const server of tunedServer ? [httpServer, tunedServer] : [httpServer]) {
      await httpLoad(server.otlpHttpUrl, makeSpanBatches(warmup, SPANS_PER_BATCH), SPANS_PER_BATCH, options.concurrency);
    }
    await grpcLoad(grpcServer.otlpGrpcAddress, makeSpanBatches(warmup, SPANS_PER_BATCH), SPANS_PER_BATCH, options.concurrency);
    await httpLoad(agentServer.otlpHttpUrl, makeAgentTraceBatches(warmup, SPANS_PER_BATCH), SPANS_PER_BATCH, options.concurrency);
    const rounds = Math.max(1, Math.min(ROUNDS, Math.floor(options.batches / MIN_ROUND_BATCHES)));
    const http: LoadResult[] = [];
    const grpc: LoadResult[] = [];
    const agentTraces: LoadResult[] = [];
    const tunedHttp: LoadResult[] = [];
    let [serverCpuSeconds, clientCpuSeconds] = [0, 0];
    for (let round = 0; round < rounds; round++) {
      // Each round's bodies are made before its clock starts, and dropped after.
      const part = (all: Bodies) => {
        const [from, to] = [Math.floor((round * all.length) / rounds), Math.floor(((round + 1) * all.length) / rounds)];
        return Array.from({ length: to - from }, (_, i) => all.at(from + i)!);
      };
      const bodies = part(httpBodies);
      const [server0, client0] = [cpuSeconds(httpServer.child.pid!), process.cpuUsage()];
      http.push(await httpLoad(httpServer.otlpHttpUrl, bodies, SPANS_PER_BATCH, options.concurrency, { onBody: tick('OTLP/HTTP') }));
      const client = process.cpuUsage(client0);
      const server1 = cpuSeconds(httpServer.child.pid!);
      if (server0 !== undefined && server1 !== undefined) {
        serverCpuSeconds += server1 - server0;
        clientCpuSeconds += (client.user + client.system) / 1e6;
      }
      grpc.push(await grpcLoad(grpcServer.otlpGrpcAddress, part(grpcBodies), SPANS_PER_BATCH, options.concurrency, { onBody: tick('OTLP/gRPC') }));
      agentTraces.push(await httpLoad(agentServer.otlpHttpUrl, part(agentBodies), SPANS_PER_BATCH, options.concurrency, { onBody: tick('agent traces') }));
      if (tunedServer) tunedHttp.push(await httpLoad(tunedServer.otlpHttpUrl, part(httpBodies), SPANS_PER_BATCH, options.concurrency, { onBody: tick('OTLP/HTTP, glibc tuned') }));
    }
    const [overload, tunedOverload] = await sustainedOverloads(
      tunedServer ? [httpServer, tunedServer] : [httpServer],
      options.overloadBatches,
      (server) => tick(server === tunedServer ? 'sustained overload, glibc tuned' : 'sustained overload (64 senders)'),
    );
    const peaks = servers.filter((server) => server !== tunedServer).map((server) => peakRssMiB(server.child.pid!)).filter((v): v is number => v !== undefined);
    const glibcTuned = tunedServer && tunedOverload ? { http: combineLoads(tunedHttp), overload: tunedOverload, peakRssMiB: peakRssMiB(tunedServer.child.pid!) } : undefined;
    await Promise.all(servers.map(stop));

    options.progress('references', total, total);
    const sample = chat.slice(0, Math.min(60, templates));
    const decode = measureDecode(sample, SPANS_PER_BATCH);
    const plainAppenderRowsPerSecond = await measurePlainAppender((await processLocally(sample)).flatMap((b) => b.calls));
    const httpLoads = combineLoads(http);
    const httpCpu =
      serverCpuSeconds > 0 ? { serverMicrosPerSpan: (serverCpuSeconds * 1e6) / httpLoads.spans, clientMicrosPerSpan: (clientCpuSeconds * 1e6) / httpLoads.spans } : undefined;
    return {
      http: httpLoads,
      httpCpu,
      grpc: combineLoads(grpc),
      agentTraces: combineLoads(agentTraces),
      overload,
      peakRssMiB: peaks.length > 0 ? Math.max(...peaks) : undefined,
      glibcTuned,
      decode,
      plainAppenderRowsPerSecond,
    };
  } finally {
    for (const server of servers) if (server.child.exitCode === null) server.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The bench compares what it says it compares: each server's start-up line says whether glibc's
 * mmap threshold is fixed in its environment.
 */
function expectMallocSetting(server: ServerProcess, fixed: boolean): void {
  const said = /malloc\s+(.+)/.exec(server.output())?.[1] ?? '(nothing)';
  if (said.includes('mmap threshold set') !== fixed) {
    throw new Error(`bench: a server meant to run with glibc's mmap threshold ${fixed ? 'fixed' : 'left to glibc'} says: ${said}`);
  }
}

/**
 * Far more senders than the writer can keep up with, each sending a refused body again after
 * Retry-After as OTLP exporters do, until the server has taken them all: long enough for its
 * memory to level off (SUSTAINED_OVERLOAD_BATCHES). 429s must replace memory growth. Each server
 * in turn gets the same bodies, made here and dropped after: held through the references, the
 * bench's larger heap slowed the generic decode it times ~2.5×.
 */
async function sustainedOverloads(servers: ServerProcess[], batches: number, onBody: (server: ServerProcess) => () => void): Promise<LoadResult[]> {
  const bodies = sustainedSpanBatches(batches, SPANS_PER_BATCH);
  const results: LoadResult[] = [];
  for (const server of servers) {
    results.push(await httpLoad(server.otlpHttpUrl, bodies, SPANS_PER_BATCH, 64, { resendThrottled: true, onBody: onBody(server) }));
  }
  return results;
}

async function freshServer(dir: string, env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  mkdirSync(dir, { recursive: true });
  return spawnServer(dir, ephemeralConfig(dir), env);
}

async function stop(server: ServerProcess): Promise<void> {
  server.child.kill('SIGTERM');
  await server.exited;
}

export function spansPerSecond(r: LoadResult): number {
  return r.spans / r.seconds;
}

export function latency(r: LoadResult): { p50: number; p99: number } {
  return { p50: percentile(r.latenciesMs, 50), p99: percentile(r.latenciesMs, 99) };
}
