import { describe, expect, it } from 'vitest';
import { runIngestBench, SPANS_PER_BATCH } from '../../src/bench/ingest-bench.js';
import { runQueryBench } from '../../src/bench/queries.js';
import { runningGlibcVersion } from '../../src/service/malloc-advice.js';

/*
 * `npm run bench` on a small scale: every phase runs against the real server and database and
 * reports a figure for everything it measures. Timings are printed, never asserted.
 */
describe('tokentally bench', () => {
  it('drives ingest over HTTP and gRPC and with agent traces, every request acknowledged, and reports every figure', async () => {
    const figures = await runIngestBench({ batches: 4, overloadBatches: 6, concurrency: 2, progress: () => undefined });
    for (const load of [figures.http, figures.grpc, figures.agentTraces]) {
      expect(load).toMatchObject({ spans: 4 * SPANS_PER_BATCH, throttled: 0, failed: 0 });
    }
    expect(figures.overload.failed).toBe(0);
    // Refused bodies are sent again until taken: every one ends up stored.
    expect(figures.overload.spans).toBe(6 * SPANS_PER_BATCH);
    expect(figures.peakRssMiB).toBeGreaterThan(50);
    if (process.platform === 'linux') {
      // 2,048 spans cost the server tens of milliseconds of CPU, read from /proc (1/100 s ticks).
      expect(figures.httpCpu?.serverMicrosPerSpan).toBeGreaterThan(1);
      expect(figures.httpCpu?.clientMicrosPerSpan).toBeGreaterThan(0);
    }
    if (runningGlibcVersion() === undefined) {
      expect(figures.glibcTuned).toBeUndefined();
    } else {
      // The fourth server, glibc's mmap threshold fixed, takes the same load and overload.
      expect(figures.glibcTuned?.http).toMatchObject({ spans: 4 * SPANS_PER_BATCH, throttled: 0, failed: 0 });
      expect(figures.glibcTuned?.overload).toMatchObject({ spans: 6 * SPANS_PER_BATCH, failed: 0 });
      expect(figures.glibcTuned?.peakRssMiB).toBeGreaterThan(50);
    }
    expect(figures.decode.protobufjs).toBeGreaterThan(0);
    expect(figures.decode.tokentally).toBeGreaterThan(0);
    expect(figures.plainAppenderRowsPerSecond).toBeGreaterThan(0);
  }, 120_000);

  it('fills a database and times every analytics endpoint beside its plain SQL', async () => {
    const figures = await runQueryBench({ calls: 20_000, rounds: 2 });
    expect(figures.map((f) => f.endpoint)).toEqual(expect.arrayContaining(['GET /v1/usage?period=today', 'GET /v1/runs', 'GET /v1/activity', 'POST /v1/sql (today by agent)']));
    for (const f of figures) expect([f.p50_ms, f.p99_ms, f.reference_sql_ms].every((ms) => Number.isFinite(ms) && ms >= 0)).toBe(true);
  }, 120_000);
});
