import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { queryFile, startTestServer, type TestServer } from '../support/server.js';
import { chatSpecs, jsonBody, postOtlp, protobufBody, readableSpans } from '../support/otlp.js';
import { grpcExport, rawTraceClient, type RawClient } from './fixtures/raw-grpc.js';

const T0 = Date.parse('2026-11-20T08:00:00Z');

describe('OTLP receivers answer bad input per the specification and keep serving', () => {
  let server: TestServer;
  let client: RawClient;
  const good = () => protobufBody(readableSpans(chatSpecs(3, T0)));

  beforeAll(async () => {
    server = await startTestServer({ config: { receivers: { otlp: { protocols: { http: { max_request_body_size_mib: 1 }, grpc: { max_recv_msg_size_mib: 1 } } } } } });
    client = rawTraceClient(server.otlpGrpcAddress);
  });
  afterAll(async () => {
    client.close();
    await server.stop();
  });

  it('accepts protobuf, JSON and gzip bodies, and an empty request', async () => {
    const spans = readableSpans(chatSpecs(2, T0));
    expect((await postOtlp(server.otlpHttpUrl, protobufBody(spans))).status).toBe(200);
    expect((await postOtlp(server.otlpHttpUrl, jsonBody(readableSpans(chatSpecs(2, T0))), { 'content-type': 'application/json' })).status).toBe(200);
    expect((await postOtlp(server.otlpHttpUrl, gzipSync(good()), { 'content-encoding': 'gzip' })).status).toBe(200);
    const empty = await postOtlp(server.otlpHttpUrl, Buffer.alloc(0));
    expect(empty.status).toBe(200);
  });

  it('400 with a google.rpc.Status naming the problem for malformed protobuf, in the request encoding', async () => {
    const truncated = good().subarray(0, 40);
    const res = await postOtlp(server.otlpHttpUrl, truncated);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    expect(res.body.toString('latin1')).toMatch(/malformed OTLP request: .*(truncated|past the end|end of)/i);
  });

  it('400 for malformed JSON and for JSON of the wrong shape, with a JSON Status body', async () => {
    for (const body of ['{"resourceSpans": [', '{"resourceSpans": 7}', '[1,2]']) {
      const res = await postOtlp(server.otlpHttpUrl, Buffer.from(body), { 'content-type': 'application/json' });
      expect(res.status).toBe(400);
      const status = JSON.parse(res.body.toString()) as { code: number; message: string };
      expect(status.code).toBe(3);
      expect(status.message).toMatch(/^malformed OTLP request: /);
    }
  });

  it('415 for an unknown content type or content encoding', async () => {
    const type = await postOtlp(server.otlpHttpUrl, good(), { 'content-type': 'text/plain' });
    expect(type.status).toBe(415);
    expect((JSON.parse(type.body.toString()) as { message: string }).message).toBe('unsupported Content-Type "text/plain": use application/x-protobuf or application/json');
    const encoding = await postOtlp(server.otlpHttpUrl, good(), { 'content-encoding': 'br' });
    expect(encoding.status).toBe(415);
    expect(encoding.body.toString('latin1')).toContain('unsupported Content-Encoding "br"');
  });

  it('413 for an oversized body and for a gzip bomb, without inflating it', async () => {
    const big = await postOtlp(server.otlpHttpUrl, Buffer.alloc(2 * 1024 * 1024, 1));
    expect(big.status).toBe(413);
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const res = await postOtlp(server.otlpHttpUrl, bomb, { 'content-encoding': 'gzip' });
    expect(res.status).toBe(413);
    expect(res.body.toString('latin1')).toContain('decompressed request body exceeds the limit of 1048576 bytes');
  });

  it('405 and 404 for wrong method and path', async () => {
    expect((await fetch(server.otlpHttpUrl)).status).toBe(405);
    expect((await postOtlp(server.otlpHttpUrl.replace('/v1/traces', '/v1/logs'), good())).status).toBe(404);
  });

  it('partial success names the rejected spans (negative and absurd token counts); the rest is stored', async () => {
    const specs = chatSpecs(3, T0 + 3_600_000, { 'tokentally.run_id': 'partial-run' });
    specs[1]!.attributes['gen_ai.usage.input_tokens'] = -5;
    specs[2]!.attributes['gen_ai.usage.output_tokens'] = 5e12;
    const res = await postOtlp(server.otlpHttpUrl, jsonBody(readableSpans(specs)), { 'content-type': 'application/json' });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body.toString()) as { partialSuccess: { rejectedSpans: string | number; errorMessage: string } };
    expect(Number(body.partialSuccess.rejectedSpans)).toBe(2);
    expect(body.partialSuccess.errorMessage).toMatch(/gen_ai\.usage\.input_tokens.*-5/);
    expect(body.partialSuccess.errorMessage).toMatch(/gen_ai\.usage\.output_tokens/);
  });

  it('gRPC: INVALID_ARGUMENT for malformed bytes, RESOURCE_EXHAUSTED for an oversized message, OK otherwise', async () => {
    const bad = await grpcExport(client, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    expect(bad.error?.code).toBe(3);
    expect(bad.error?.details).toMatch(/^malformed OTLP request: /);
    const huge = await grpcExport(client, Buffer.alloc(2 * 1024 * 1024, 1));
    expect(huge.error?.code).toBe(8);
    const ok = await grpcExport(client, good());
    expect(ok.error).toBeNull();
    // A message of its own frame buffer (most exports: above Node's 4 KiB pool slices) moves to
    // the processing thread uncopied; every span of it is taken.
    const large = protobufBody(readableSpans(chatSpecs(200, T0 + 3_600_000, { 'tokentally.run_id': 'grpc-large' })));
    expect(large.length).toBeGreaterThan(4 * 4096);
    expect((await grpcExport(client, large)).error).toBeNull();
    const stored = await fetch(`${server.apiUrl}/v1/runs/grpc-large`).then((r) => r.json() as Promise<{ calls?: number }>);
    expect(stored.calls).toBe(200);
  });

  it('sending the same batch twice leaves the stored totals unchanged', async () => {
    const body = protobufBody(readableSpans(chatSpecs(50, T0 + 7_200_000, { 'tokentally.run_id': 'dup-run' })));
    expect((await postOtlp(server.otlpHttpUrl, body)).status).toBe(200);
    expect((await postOtlp(server.otlpHttpUrl, body)).status).toBe(200);
    expect((await grpcExport(client, body)).error).toBeNull();
    // /metrics counts the 100 resent spans, told by the keys in memory (no database look-up).
    const metrics = await (await fetch(`${server.apiUrl}/metrics`)).text();
    expect(metrics).toMatch(/^tokentally_spans_duplicate_total 100$/m);
    expect(metrics).toMatch(/^tokentally_duplicate_lookups_total 0$/m);
    await server.stop({ keep: true });
    const [run] = await queryFile(server.dbPath, `SELECT calls FROM runs WHERE run_id = 'dup-run'`);
    const [calls] = await queryFile(server.dbPath, `SELECT count(*) AS n FROM llm_calls WHERE run_id = 'dup-run'`);
    const [daily] = await queryFile(server.dbPath, `SELECT sum(calls) AS n FROM daily_usage`);
    const [all] = await queryFile(server.dbPath, `SELECT count(*) AS n FROM llm_calls`);
    expect(run).toEqual({ calls: 50n });
    expect(calls).toEqual({ n: 50n });
    expect(daily!.n).toBe(all!.n);
  });
});
