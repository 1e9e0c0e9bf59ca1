import type { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeAgentTraceBatches, makeSpanBatches } from '../../../src/bench/span-factory.js';
import { parseConfig } from '../../../src/config/load.js';
import { DecodeError, RetryableError } from '../../../src/pipeline/errors.js';
import { decodeRequest, InlineProcessing, type ExportRequest, type ProcessedRequest, type TracesProcessing } from '../../../src/pipeline/processing.js';
import type { RequestContext } from '../../../src/pipeline/span.js';
import { WorkerProcessing } from '../../../src/pipeline/worker/worker-processing.js';
import { Catalog } from '../../../src/pricing/catalog.js';
import { MemoryOverrideStore } from '../../../src/pricing/override-store.js';
import { PricingService } from '../../../src/pricing/service.js';
import { failureAnswer } from '../../../src/receivers/otlp/outcome.js';
import { chatSpecs, jsonBody, protobufBody, readableSpans, type SpanSpec } from '../../support/otlp.js';
import { plainCall } from '../../support/records.js';

const config = parseConfig({}, 'test', {});
const context: RequestContext = { protocol: 'http', tenant: 'default' };
const protobuf = (bytes: Uint8Array): ExportRequest => ({ encoding: 'protobuf', bytes });
const minuteAgo = () => Date.now() - 60_000;

/** A request of `count` gpt-4o-mini chat calls with fresh ids. */
const chatRequest = (count: number) => protobuf(protobufBody(readableSpans(chatSpecs(count, minuteAgo()))));

let pricing: PricingService;
const running: TracesProcessing[] = [];

beforeEach(async () => {
  pricing = await PricingService.create({ catalog: await Catalog.load(), store: new MemoryOverrideStore(), configOverrides: [] });
});

afterEach(async () => {
  for (const processing of running.splice(0)) await processing.shutdown();
  vi.restoreAllMocks();
});

async function started<T extends TracesProcessing>(processing: T): Promise<T> {
  await processing.start();
  running.push(processing);
  return processing;
}

const startWorker = () => started(new WorkerProcessing(config, pricing));
const startInline = () => started(new InlineProcessing(config, pricing));

/** The processing thread itself (a private field): the tests stop it to play a thread that dies. */
const threadOf = (processing: WorkerProcessing) => (processing as unknown as { worker: Worker }).worker;

/** What the exporter receives of a processed request. */
function stored({ batch, spans }: ProcessedRequest) {
  const { calls, activities, fixups, rejections, droppedNonGenAi } = batch;
  return { calls: calls.map(plainCall), activities, fixups, rejections, droppedNonGenAi, spans };
}

/** One request after the other, as the processors' per-trace state expects them. */
async function processInOrder(processing: TracesProcessing, requests: readonly ExportRequest[]) {
  const out: Array<ReturnType<typeof stored>> = [];
  for (const request of requests) out.push(stored(await processing.process(context, request)));
  return out;
}

/** What both kinds of processing make of the same requests, each with processors of its own. */
async function bothWays(requests: readonly ExportRequest[]) {
  return { inline: await processInOrder(await startInline(), requests), threaded: await processInOrder(await startWorker(), requests) };
}

/** Spans that fill the rarer fields of the records: a rejection, a dropped span, an explicit cost, a failed call. */
function unusualSpecs(): SpanSpec[] {
  const startMs = minuteAgo();
  const [chat] = chatSpecs(1, startMs);
  return [
    {
      ...chat!,
      error: 'upstream timed out',
      attributes: {
        ...chat!.attributes,
        'session.id': 'session-1',
        'tokentally.reservation_id': 'reservation-1',
        'tokentally.request_hash': 'hash-1',
        'openai.request.service_tier': 'flex',
        'error.type': 'timeout',
        // Attributes no column takes, in text that JSON must escape, beyond ASCII.
        'app.note': 'naïve "quote" \\ tab\t ✓ 😀',
        'app.tags': ['é', 'plain', ''],
      },
    },
    { ...chat!, attributes: { ...chat!.attributes, 'gen_ai.usage.input_tokens': -5 } },
    { name: 'POST', startMs, attributes: { 'http.request.method': 'POST', 'url.full': 'https://api.example.com/v1' } },
    { name: 'tokentally.cost', startMs, attributes: { 'tokentally.cost.usd': 0.25, 'tokentally.cost.name': 'scrape', 'tokentally.category': 'tool' } },
  ];
}

/**
 * Agent traces whose invoke_agent roots come in a request of their own, after their calls
 * (agents that run longer than the exporter's batch interval): the second request is mostly
 * fix-ups of the calls the first one stored.
 */
function lateRootRequests(agents: number, callsEach: number): [children: ExportRequest, roots: ExportRequest] {
  const specs: SpanSpec[] = [];
  for (let a = 0; a < agents; a++) {
    const root = specs.length;
    const startMs = minuteAgo() + a * 100;
    specs.push({ name: 'invoke_agent', startMs, attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': `agent-${a}` } });
    // The calls name no agent of their own (chatSpecs would): they inherit the root's.
    for (const call of chatSpecs(callsEach, startMs + 1, { 'gen_ai.agent.name': '' })) specs.push({ ...call, childOf: root });
  }
  const spans = readableSpans(specs);
  const isRoot = (span: (typeof spans)[number]) => span.name === 'invoke_agent';
  return [protobuf(protobufBody(spans.filter((s) => !isRoot(s)))), protobuf(protobufBody(spans.filter(isRoot)))];
}

describe('WorkerProcessing', () => {
  it('makes on its thread the records InlineProcessing makes of the same requests', async () => {
    const requests: ExportRequest[] = [
      ...makeSpanBatches(3, 40).map(protobuf),
      // 7 spans a request split the 10-span agent traces, so roots come after their calls.
      ...makeAgentTraceBatches(10, 7).map(protobuf),
      protobuf(protobufBody(readableSpans(unusualSpecs()))),
      { encoding: 'json', bytes: jsonBody(readableSpans(unusualSpecs())) },
    ];
    const { inline, threaded } = await bothWays(requests);

    expect(threaded).toEqual(inline);
    for (const kind of ['calls', 'activities', 'fixups', 'rejections'] as const) {
      expect(inline.some((r) => r[kind].length > 0), `${kind} compared`).toBe(true);
    }
    expect(inline.some((r) => r.droppedNonGenAi > 0)).toBe(true);
  });

  it('hands back every agent fix-up of a request that brings late invoke_agent roots', async () => {
    const { inline, threaded } = await bothWays(lateRootRequests(4, 4));

    expect(inline[1]!.fixups).toHaveLength(16);
    expect(threaded[1]!.fixups).toEqual(inline[1]!.fixups);
  });

  it('moves a body that fills its buffer, or whose receiver owns its buffer, to the thread uncopied, and copies one that shares its buffer', async () => {
    const processing = await startWorker();
    // A buffer of the body's own, as Buffer.concat gives a large HTTP body.
    const [own, shared] = [protobuf(new Uint8Array(chatRequest(3).bytes)), chatRequest(2)];
    const expectedOwn = await startInline().then((inline) => inline.process(context, protobuf(new Uint8Array(own.bytes))));
    // A body in the middle of a buffer that holds other data too, as a pooled Buffer is.
    const neighbours = new Uint8Array(shared.bytes.length + 16).fill(7);
    neighbours.set(shared.bytes, 8);
    const view = neighbours.subarray(8, 8 + shared.bytes.length);

    const movedOwn = await processing.process(context, protobuf(own.bytes));
    const copiedView = await processing.process(context, protobuf(view));

    expect(movedOwn.batch.calls.map(plainCall)).toEqual(expectedOwn.batch.calls.map(plainCall));
    expect(own.bytes.byteLength).toBe(0);
    expect(copiedView.batch.calls).toHaveLength(2);
    expect(neighbours.byteLength).toBe(shared.bytes.length + 16);
    expect([neighbours[0], neighbours[neighbours.length - 1]]).toEqual([7, 7]);

    // A body its receiver owns the buffer of (a gRPC message behind its frame header) moves whole.
    const header = 5;
    const body = chatRequest(3).bytes;
    const owned = new Uint8Array(header + body.length);
    owned.set(body, header);
    const ownedView = owned.subarray(header);
    const movedOwned = await processing.process(context, { ...protobuf(ownedView), ownsBuffer: true });
    expect(movedOwned.batch.calls).toHaveLength(3);
    expect([owned.byteLength, ownedView.byteLength]).toEqual([0, 0]);

    // An empty body keeps its buffer (a library may share one empty buffer); a detached one cannot be viewed.
    const empty = new Uint8Array(0);
    expect((await processing.process(context, protobuf(empty))).spans).toBe(0);
    expect(() => new Uint8Array(empty.buffer)).not.toThrow();
  });

  it('rejects a malformed request with a DecodeError naming the problem, and goes on with the next', async () => {
    const processing = await startWorker();
    const body = makeSpanBatches(1, 20)[0]!;

    const error = await processing.process(context, protobuf(body.subarray(0, 100))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).message).toMatch(/runs past/);
    expect(failureAnswer(error).httpStatus).toBe(400);

    const next = await processing.process(context, protobuf(body));
    expect(next.spans).toBe(20);
    expect(next.batch.calls).toHaveLength(20);
  });

  it('prices the very next request with an override set or removed on the main thread', async () => {
    const processing = await startWorker();
    const sources = async () => (await processing.process(context, chatRequest(3))).batch.calls.map((c) => c.priceSource);
    expect(await sources()).toEqual(['catalog', 'catalog', 'catalog']);

    const [override] = await pricing.putOverrides([{ provider: 'openai', model: 'gpt-4o-mini', input_mtok: 1000, output_mtok: 0 }], (i) => `overrides[${i}]`);
    const { calls } = (await processing.process(context, chatRequest(3))).batch;
    for (const call of calls) {
      // $1000 a million input tokens: a million nano-dollars a token.
      expect(call).toMatchObject({ priceSource: 'override', cost: { inputCost: call.inputTokens * 1_000_000, outputCost: 0 } });
    }

    await pricing.deleteOverrides([override!.id]);
    expect(await sources()).toEqual(['catalog', 'catalog', 'catalog']);
  });

  it('answers requests handed in together each with its own records', async () => {
    const processing = await startWorker();
    const requests = Array.from({ length: 16 }, (_, i) => protobuf(makeSpanBatches(1, i + 1)[0]!));
    // process() may take a request's buffer: the ids sent are read before.
    const sentIds = requests.map((request) => decodeRequest(request).map((s) => s.spanId));

    const handedIn = requests.map((request) => processing.process(context, request));
    expect(processing.stats().pendingRequests).toBe(16);
    const results = await Promise.all(handedIn);
    expect(processing.stats().pendingRequests).toBe(0);

    results.forEach(({ batch, spans }, i) => {
      const sent = sentIds[i]!;
      expect(spans).toBe(sent.length);
      expect(batch.calls.map((c) => c.spanId).sort()).toEqual(sent.sort());
    });
  });

  it('finishes the requests already handed in before it shuts down, and refuses later ones', async () => {
    const processing = await startWorker();
    const bodies = makeSpanBatches(6, 200);
    const finished: string[] = [];
    const requests = bodies.map((body, i) => processing.process(context, protobuf(body)).finally(() => finished.push(`request ${i}`)));

    await processing.shutdown();
    finished.push('shutdown');

    expect(finished).toEqual([...bodies.map((_, i) => `request ${i}`), 'shutdown']);
    expect((await Promise.all(requests)).map((r) => r.batch.calls.length)).toEqual(bodies.map(() => 200));
    await expect(processing.process(context, protobuf(bodies[0]!))).rejects.toBeInstanceOf(RetryableError);
  });

  it('answers the requests a dying thread held with a 503, and a new thread takes over', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const processing = await startWorker();
    // Large enough that the thread is still on the first when it is stopped right after the hand-over.
    const held = Promise.allSettled(makeSpanBatches(3, 1_000).map((body) => processing.process(context, protobuf(body))));

    await threadOf(processing).terminate();

    for (const outcome of await held) {
      expect(outcome.status).toBe('rejected');
      const error = (outcome as PromiseRejectedResult).reason;
      expect(error).toBeInstanceOf(RetryableError);
      expect(failureAnswer(error).httpStatus).toBe(503);
    }
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('starting a new one'));

    const later = await processing.process(context, chatRequest(2));
    expect(later.batch.calls).toHaveLength(2);
    expect(processing.stats()).toEqual({ pendingRequests: 0, threadRestarts: 1 });
  });

  it('fails the requests of a restarted thread that dies before it is ready, and tries again', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const processing = await startWorker();
    await threadOf(processing).terminate();
    // The replacement is starting: a request handed to it now, then it dies too.
    const held = processing.process(context, chatRequest(1));
    await threadOf(processing).terminate();

    await expect(held).rejects.toBeInstanceOf(RetryableError);
    expect(logged).toHaveBeenCalledWith('tokentally: could not restart the processing thread:', expect.stringContaining('before it was ready'));
    await vi.waitFor(() => expect(threadOf(processing)).toBeDefined(), { timeout: 10_000 });
    expect((await processing.process(context, chatRequest(2))).batch.calls).toHaveLength(2);
  });
});
