import { cpus, totalmem } from 'node:os';
import Table from 'cli-table3';
import { parseCommandArgs } from '../args.js';
import { UsageError, type Command } from '../command.js';
import { progressBar } from '../progress.js';
import { latency, runIngestBench, spansPerSecond, SPANS_PER_BATCH, SUSTAINED_OVERLOAD_BATCHES, DEFAULT_LOAD_BATCHES, type IngestFigures } from '../../bench/ingest-bench.js';
import { runQueryBench, type QueryFigure } from '../../bench/queries.js';
import { AGENT_TRACE_SHAPE } from '../../bench/span-factory.js';
import { MMAP_THRESHOLD_TUNABLE, runningGlibcVersion } from '../../service/malloc-advice.js';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function machine(): string {
  return `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown cpu'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

function ingestTable(f: IngestFigures): string {
  const table = new Table({ head: ['ingest (batches of 512 gen_ai spans)', 'figure', 'reference, same run', 'target'] });
  const http = spansPerSecond(f.http);
  const grpc = spansPerSecond(f.grpc);
  const lh = latency(f.http);
  const lg = latency(f.grpc);
  table.push(
    ['OTLP/HTTP protobuf end to end', `${fmt(http)} spans/s`, `plain DuckDB Appender: ${fmt(f.plainAppenderRowsPerSecond)} rows/s`, '≥ 100,000 spans/s'],
    ['OTLP/gRPC end to end', `${fmt(grpc)} spans/s (${((grpc / http) * 100).toFixed(0)}% of HTTP)`, '', 'within 20% of HTTP'],
    [
      `OTLP/HTTP, agent traces (${AGENT_TRACE_SHAPE.calls} model calls, ${AGENT_TRACE_SHAPE.tools} tool calls, 1 agent span)`,
      `${fmt(spansPerSecond(f.agentTraces))} spans/s`,
      '',
      '',
    ],
    ['request latency HTTP p50 / p99', `${lh.p50.toFixed(1)} / ${lh.p99.toFixed(1)} ms`, '', ''],
    ['request latency gRPC p50 / p99', `${lg.p50.toFixed(1)} / ${lg.p99.toFixed(1)} ms`, '', ''],
    ...(f.httpCpu === undefined ? [] : [cpuRow(f.httpCpu)]),
    [`sustained overload (64 senders resending after Retry-After, ${fmt(f.overload.spans)} spans taken)`, `${fmt(spansPerSecond(f.overload))} spans/s, ${fmt(f.overload.throttled)} × 429`, '', '429s instead of growth'],
    ['server peak RSS (through the sustained overload)', f.peakRssMiB === undefined ? 'n/a' : `${fmt(f.peakRssMiB)} MiB`, '', '< 512 MiB'],
    ['protobuf decode', `${fmt(f.decode.tokentally)} spans/s`, `protobufjs: ${fmt(f.decode.protobufjs)} spans/s (${(f.decode.tokentally / f.decode.protobufjs).toFixed(1)}×)`, '≥ 3× generic'],
  );
  if (f.glibcTuned) {
    const tuned = f.glibcTuned;
    table.push(
      [`OTLP/HTTP end to end, ${MMAP_THRESHOLD_TUNABLE} (GLIBC_TUNABLES)`, `${fmt(spansPerSecond(tuned.http))} spans/s`, `${((spansPerSecond(tuned.http) / http) * 100).toFixed(0)}% of the default's`, ''],
      [
        `server peak RSS through the same overload, ${MMAP_THRESHOLD_TUNABLE}`,
        tuned.peakRssMiB === undefined ? 'n/a' : `${fmt(tuned.peakRssMiB)} MiB (${fmt(spansPerSecond(tuned.overload))} spans/s taken)`,
        f.peakRssMiB === undefined ? '' : `default: ${fmt(f.peakRssMiB)} MiB`,
        '< 512 MiB',
      ],
    );
  }
  return table.toString();
}

/**
 * What the server spent a span through the HTTP load, and the rate that would give with every
 * core to itself: on a machine the bench client shares, the figure to size a deployment by.
 */
function cpuRow(cpu: NonNullable<IngestFigures['httpCpu']>): string[] {
  const cores = cpus().length;
  return [
    'server CPU a span, OTLP/HTTP load (all its threads)',
    `${cpu.serverMicrosPerSpan.toFixed(1)} µs: ${fmt((cores * 1e6) / cpu.serverMicrosPerSpan)} spans/s if it had the ${cores} cores to itself`,
    `bench client: ${cpu.clientMicrosPerSpan.toFixed(1)} µs a span`,
    '',
  ];
}

function queryTable(calls: number, figures: QueryFigure[]): string {
  const table = new Table({ head: [`query over ${fmt(calls)} stored calls`, 'p50', 'p99', 'plain SQL on llm_calls, same run', 'target'] });
  for (const f of figures) {
    table.push([f.endpoint, `${f.p50_ms.toFixed(1)} ms`, `${f.p99_ms.toFixed(1)} ms`, `${f.reference_sql_ms.toFixed(1)} ms`, '< 100 ms p50']);
  }
  return table.toString();
}

export const benchCommand: Command = {
  name: 'bench',
  summary: 'Measure ingest end to end over loopback HTTP and gRPC, beside same-run references',
  usage: 'tokentally bench [--batches N] [--overload-batches N] [--concurrency N] [--query-calls N] [--skip-ingest] [--skip-queries]',
  async run(argv) {
    const { values } = parseCommandArgs(argv, {
      batches: { type: 'string' },
      'overload-batches': { type: 'string' },
      concurrency: { type: 'string' },
      'query-calls': { type: 'string' },
      'skip-ingest': { type: 'boolean' },
      'skip-queries': { type: 'boolean' },
    });
    const batches = Number(values.batches ?? DEFAULT_LOAD_BATCHES);
    const overloadBatches = Number(values['overload-batches'] ?? SUSTAINED_OVERLOAD_BATCHES);
    const concurrency = Number(values.concurrency ?? 16);
    const queryCalls = Number(values['query-calls'] ?? 10_000_000);
    if (!Number.isInteger(queryCalls) || queryCalls < 10_000) throw new UsageError('--query-calls must be an integer of at least 10000');
    if (!Number.isInteger(batches) || batches < 10) throw new UsageError('--batches must be an integer of at least 10');
    if (!Number.isInteger(overloadBatches) || overloadBatches < 10) throw new UsageError('--overload-batches must be an integer of at least 10');
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) throw new UsageError('--concurrency must be an integer from 1 to 256');
    console.log(`tokentally bench on ${machine()}`);
    if (!values['skip-ingest']) {
      console.log(`ingest: ${batches} requests of ${SPANS_PER_BATCH} spans per load, ${concurrency} in flight, each load against a fresh server warmed up with a tenth as many (at most 20), taking turns; then ${overloadBatches} requests from 64 senders${runningGlibcVersion() === undefined ? '' : `; on glibc, a fourth server with ${MMAP_THRESHOLD_TUNABLE} gets the HTTP load and the overload too`}`);
      const bar = progressBar('ingest');
      try {
        const figures = await runIngestBench({ batches, overloadBatches, concurrency, progress: (phase, done, total) => bar.update(phase, done, total) });
        bar.stop();
        console.log(ingestTable(figures));
        const tuned = figures.glibcTuned;
        const failed = figures.http.failed + figures.grpc.failed + figures.agentTraces.failed + figures.overload.failed + (tuned ? tuned.http.failed + tuned.overload.failed : 0);
        if (failed > 0) console.log(`warning: ${failed} requests failed outright (not throttled)`);
      } finally {
        bar.stop();
      }
    }
    if (!values['skip-queries']) {
      const bar = progressBar('queries');
      try {
        const figures = await runQueryBench({ calls: queryCalls, progress: (done, total) => bar.update('filling and querying', done, total) });
        bar.stop();
        console.log(queryTable(queryCalls, figures));
      } finally {
        bar.stop();
      }
    }
    return 0;
  },
};
