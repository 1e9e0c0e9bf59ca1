import { Agent, request } from 'node:http';
import { credentials, makeGenericClientConstructor, type Client, type ServiceError } from '@grpc/grpc-js';

export interface LoadResult {
  spans: number;
  seconds: number;
  latenciesMs: number[];
  /** Answers that asked the sender to retry later (429 / RESOURCE_EXHAUSTED, 503 / UNAVAILABLE). */
  throttled: number;
  failed: number;
}

/**
 * The bodies a load sends, in order: an array, or bodies made as they are sent (a long load's
 * would not all fit in memory at once; see sustainedSpanBatches).
 */
export interface Bodies {
  readonly length: number;
  at(index: number): Uint8Array | undefined;
}

/** A throttled answer carries how long the server asked the sender to wait (Retry-After). */
type Outcome = 'ok' | 'failed' | { throttledForMs: number };
type Send = (body: Uint8Array) => Promise<Outcome>;

export interface LoadOptions {
  /**
   * Send a throttled body again once the server's Retry-After has passed, as OTLP exporters do,
   * instead of dropping it: the load then lasts until the server has taken every body.
   */
  resendThrottled?: boolean;
  /** Told each time a body is done with (accepted, failed, or throttled and dropped). */
  onBody?: () => void;
}

/**
 * Sends every body with `concurrency` requests in flight; measures each request's latency.
 * `throttled` counts throttled answers (a body resent twice counts twice).
 */
async function drive(bodies: Bodies, spansPerBody: number, concurrency: number, send: Send, options: LoadOptions): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let next = 0;
  let throttled = 0;
  let failed = 0;
  let accepted = 0;
  const started = performance.now();
  /** One request; says whether the body is done with (false: resend it after the wait). */
  const attempt = async (body: Uint8Array): Promise<boolean> => {
    const t = performance.now();
    const outcome = await send(body);
    latenciesMs.push(performance.now() - t);
    if (outcome === 'ok') accepted++;
    else if (outcome === 'failed') failed++;
    else {
      throttled++;
      if (!options.resendThrottled) return true;
      await new Promise((resolve) => setTimeout(resolve, outcome.throttledForMs));
      return false;
    }
    return true;
  };
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies.at(next++)!;
      while (!(await attempt(body)));
      options.onBody?.();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { spans: accepted * spansPerBody, seconds: (performance.now() - started) / 1000, latenciesMs, throttled, failed };
}

/** Retry-After in seconds, as the OTLP/HTTP receiver sends it; 1 s when absent. */
function retryAfterMs(header: string | undefined): number {
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000;
}

export function httpLoad(url: string, bodies: Bodies, spansPerBody: number, concurrency: number, options: LoadOptions = {}): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(url);
  const send: Send = (body) =>
    new Promise((resolve) => {
      const req = request(
        { agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length } },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) resolve('ok');
            else if (res.statusCode === 429 || res.statusCode === 503) resolve({ throttledForMs: retryAfterMs(res.headers['retry-after']) });
            else resolve('failed');
          });
        },
      );
      req.on('error', () => resolve('failed'));
      req.end(body);
    });
  return drive(bodies, spansPerBody, concurrency, send, options).finally(() => agent.destroy());
}

const TraceServiceClient = makeGenericClientConstructor(
  {
    Export: {
      path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
      requestStream: false,
      responseStream: false,
      requestSerialize: (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength),
      requestDeserialize: (b: Buffer) => b,
      responseSerialize: (b: Buffer) => b,
      responseDeserialize: (b: Buffer) => b,
    },
  },
  'TraceService',
);

type TraceClient = Client & { Export(body: Uint8Array, cb: (error: ServiceError | null) => void): void };

/**
 * Each sender has its own channel and connection, as `concurrency` agents each running an OTLP
 * gRPC exporter would (and as the HTTP load has one socket a sender). grpc-js would otherwise
 * share one connection between channels to the same address.
 */
export function grpcLoad(address: string, bodies: Bodies, spansPerBody: number, concurrency: number, options: LoadOptions = {}): Promise<LoadResult> {
  const clients = Array.from(
    { length: concurrency },
    () => new TraceServiceClient(address, credentials.createInsecure(), { 'grpc.max_send_message_length': 64 * 1024 * 1024, 'grpc.use_local_subchannel_pool': 1 }) as unknown as TraceClient,
  );
  let next = 0;
  const send: Send = (body) => {
    const client = clients[next++ % clients.length]!;
    return new Promise((resolve) =>
      // The receiver's RetryInfo is in the status details; a second, OTLP's smallest, stands in.
      client.Export(body, (error) => resolve(!error ? 'ok' : error.code === 8 || error.code === 14 ? { throttledForMs: 1000 } : 'failed')),
    );
  };
  // Connections are set up before the clock starts, as HTTP's are cheap enough not to matter:
  // grpc-js connects each channel lazily (name resolution, TCP, HTTP/2 settings), which took a
  // visible share of a short run.
  const ready = Promise.all(clients.map((client) => new Promise<void>((resolve, reject) => client.waitForReady(Date.now() + 10_000, (error) => (error ? reject(error) : resolve())))));
  return ready
    .then(() => drive(bodies, spansPerBody, concurrency, send, options))
    .finally(() => {
      for (const client of clients) client.close();
    });
}

/** Loads run one after another as one: their spans, times and answers added up. */
export function combineLoads(loads: readonly LoadResult[]): LoadResult {
  return {
    spans: loads.reduce((sum, l) => sum + l.spans, 0),
    seconds: loads.reduce((sum, l) => sum + l.seconds, 0),
    latenciesMs: loads.flatMap((l) => l.latenciesMs),
    throttled: loads.reduce((sum, l) => sum + l.throttled, 0),
    failed: loads.reduce((sum, l) => sum + l.failed, 0),
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
