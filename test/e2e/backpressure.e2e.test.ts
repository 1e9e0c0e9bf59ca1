import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { chatSpecs, postOtlp, protobufBody, readableSpans } from '../support/otlp.js';
import { grpcExport, rawTraceClient } from './fixtures/raw-grpc.js';

const T0 = Date.parse('2026-11-19T08:00:00Z');

describe('back-pressure: a full write queue answers 429 / RESOURCE_EXHAUSTED with a retry delay', () => {
  let server: TestServer;
  beforeAll(async () => {
    // A tiny queue and a slow commit cadence make the queue fill with a few concurrent requests.
    server = await startTestServer({ config: { exporters: { duckdb: { queue_max_spans: 512, commit_interval_ms: 300 } } } });
  });
  afterAll(() => server.stop());

  it('HTTP: 429 with Retry-After and a Status body, then serves again once drained', async () => {
    const bodies = Array.from({ length: 6 }, (_, i) => protobufBody(readableSpans(chatSpecs(400, T0 + i * 10_000))));
    const answers = await Promise.all(bodies.map((b) => postOtlp(server.otlpHttpUrl, b)));
    const throttled = answers.filter((a) => a.status === 429);
    expect(answers.some((a) => a.status === 200)).toBe(true);
    expect(throttled.length).toBeGreaterThan(0);
    expect(throttled[0]!.headers.get('retry-after')).toBe('1');
    expect(throttled[0]!.body.toString('latin1')).toContain('the write queue is full');
    // Operators see the shed load: every 429'd request, counted once.
    const metrics = await (await fetch(`${server.apiUrl}/metrics`)).text();
    expect(metrics).toContain(`tokentally_requests_refused_total{protocol="http"} ${throttled.length}`);
    await new Promise((r) => setTimeout(r, 700));
    expect((await postOtlp(server.otlpHttpUrl, bodies[1]!)).status).toBe(200);
  });

  it('gRPC: RESOURCE_EXHAUSTED with RetryInfo in grpc-status-details-bin', async () => {
    const client = rawTraceClient(server.otlpGrpcAddress);
    const bodies = Array.from({ length: 6 }, (_, i) => protobufBody(readableSpans(chatSpecs(400, T0 + 100_000 + i * 10_000))));
    const errors = (await Promise.all(bodies.map((b) => grpcExport(client, b)))).map((r) => r.error);
    client.close();
    const exhausted = errors.filter((e) => e?.code === 8);
    expect(exhausted.length).toBeGreaterThan(0);
    const details = exhausted[0]!.metadata.get('grpc-status-details-bin')[0] as Buffer;
    expect(details.toString('latin1')).toContain('type.googleapis.com/google.rpc.RetryInfo');
  });
});
