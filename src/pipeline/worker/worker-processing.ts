import { Worker } from 'node:worker_threads';
import type { TokentallyConfig } from '../../config/schema.js';
import type { PricingService } from '../../pricing/service.js';
import { newBatch } from '../batch.js';
import { DecodeError, PermanentError, RetryableError } from '../errors.js';
import type { ExportRequest, ProcessedRequest, ProcessingStats, TracesProcessing } from '../processing.js';
import type { RequestContext } from '../span.js';
import type { FromThread, ThreadError, ThreadInit, ToThread } from './messages.js';
import { RecordDecoder } from './record-codec.js';

const RESTART_DELAY_MS = 1_000;

/**
 * The thread's young generation (V8's default let it grow to 48 MiB, 32 of them new space).
 * Its garbage dies within a request, so a smaller one costs nothing: measured here over three
 * alternating 256k-span loads, 24 MiB held throughput (56,700–63,300 vs 57,000–58,400 spans/s)
 * with 10–15 MiB less RSS; 12 MiB cost a fifth of it (scavenges then caught live requests).
 */
const YOUNG_GENERATION_MIB = 24;

interface Pending {
  context: RequestContext;
  resolve: (processed: ProcessedRequest) => void;
  reject: (error: unknown) => void;
}

/**
 * The thread's program, in the form this module runs in: the built .js, or under the test runner
 * the .ts source, which the thread loads through tsx (a dev dependency, found from the working
 * directory, the project root the runner runs in; Node 20 applies no loader flag to a worker's
 * entry, so the thread registers tsx itself first).
 */
function threadProgram(): URL | string {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new URL('./processing-thread.js', self);
  const entry = new URL('./processing-thread.ts', self).href;
  return `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
}

function errorFrom(error: ThreadError): Error {
  switch (error.type) {
    case 'decode':
      return new DecodeError(error.message);
    case 'permanent':
      return new PermanentError(error.message);
    case 'retryable':
      return new RetryableError(error.message, error.retryAfterMs ?? 1_000, error.overloaded ?? false);
    case 'internal':
      return new Error(`processing thread: ${error.message}`);
  }
}

/**
 * Decoding and the processors on a thread of their own, so the main thread only receives,
 * stores and answers: on two cores the two halves of ingest then run side by side (decoding and
 * processing were ~10 µs of the main thread's ~20 µs a span). The request bytes are copied once and
 * transferred, and the records come back in a compact encoding (record-codec.ts).
 *
 * Price overrides changed through the API are sent to the thread before any request that
 * follows the change, so the very next batch is priced with them. If the thread dies, the
 * requests it held are answered 503 (their senders retry) and a new thread takes over.
 */
export class WorkerProcessing implements TracesProcessing {
  private worker: Worker | undefined;
  private decoder = new RecordDecoder();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stopping = false;
  private unsubscribe: (() => void) | undefined;
  private drained: (() => void) | undefined;
  private restarts = 0;

  constructor(private readonly config: TokentallyConfig, private readonly pricing: PricingService) {}

  async start(): Promise<void> {
    this.unsubscribe = this.pricing.onOverridesChanged((overrides) => this.post({ kind: 'overrides', overrides: [...overrides] }));
    await this.spawn();
  }

  process(context: RequestContext, request: ExportRequest): Promise<ProcessedRequest> {
    if (this.stopping) return Promise.reject(new RetryableError('the server is shutting down', 1_000));
    if (!this.worker) return Promise.reject(new RetryableError('the processing thread is restarting', 1_000));
    const id = this.nextId++;
    const bytes = ownBuffer(request.bytes, request.ownsBuffer === true);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { context, resolve, reject });
      this.post({ kind: 'request', id, context, request: { encoding: request.encoding, bytes } }, [bytes.buffer]);
    });
  }

  stats(): ProcessingStats {
    return { pendingRequests: this.pending.size, threadRestarts: this.restarts };
  }

  async shutdown(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.unsubscribe?.();
    if (this.pending.size > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private post(message: ToThread, transfer: ArrayBuffer[] = []): void {
    this.worker?.postMessage(message, transfer);
  }

  private spawn(): Promise<void> {
    const program = threadProgram();
    const init: ThreadInit = { config: this.config, overrides: [...this.pricing.overrides()] };
    const worker = new Worker(program, { workerData: init, eval: typeof program === 'string', resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MIB } });
    this.worker = worker;
    this.decoder = new RecordDecoder();
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      worker.on('message', (message: FromThread) => {
        if (message.kind === 'ready') {
          ready = true;
          resolve();
        } else {
          this.settle(message);
        }
      });
      worker.on('error', (error) => {
        if (!ready) reject(error);
        else console.error('tokentally: the processing thread failed:', error);
      });
      worker.on('exit', (code) => {
        if (this.worker !== worker) return;
        this.worker = undefined;
        this.failPending(new RetryableError('the processing thread stopped; retry the request', 1_000));
        // One that never got ready fails its spawn() (start, or a restart that retries).
        if (!ready) return reject(new Error(`the processing thread exited (code ${code}) before it was ready`));
        if (this.stopping) return;
        console.error(`tokentally: the processing thread exited (code ${code}); starting a new one`);
        this.restart();
      });
    });
  }

  /** A new thread; one that fails to start is tried again a second later, until shutdown. */
  private restart(): void {
    this.restarts++;
    this.spawn().catch((error: Error) => {
      console.error('tokentally: could not restart the processing thread:', error.message);
      if (!this.stopping) setTimeout(() => this.worker || this.stopping || this.restart(), RESTART_DELAY_MS).unref();
    });
  }

  private settle(message: Exclude<FromThread, { kind: 'ready' }>): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (message.kind === 'failed') {
      pending.reject(errorFrom(message.error));
    } else {
      const records = this.decoder.decode(message.records);
      const batch = newBatch(pending.context, []);
      batch.calls = records.calls;
      batch.activities = records.activities;
      batch.fixups = records.fixups;
      batch.rejections = records.rejections;
      batch.droppedNonGenAi = message.droppedNonGenAi;
      pending.resolve({ batch, spans: message.spans });
    }
    if (this.pending.size === 0) this.drained?.();
  }

  private failPending(error: Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(error);
    this.drained?.();
  }
}

/**
 * Bytes that can move to the thread (be transferred, not copied): the request's own when they fill
 * their buffer, as a large HTTP body does (Buffer.concat gives it a buffer of its own), or when the
 * receiver vouches that nothing else uses their buffer (`owned`: a gRPC message behind its 5-byte
 * frame header); otherwise a copy, because a view into a buffer other data share (Node pools small
 * Buffers) would take that data along and detach it. The copy of every ~350 KB body also made V8
 * collect the main thread's heap more often to reclaim ArrayBuffer memory (35 → 26 full
 * collections in the same load; four alternating 460k-span loads: 77,200–90,000 against
 * 73,500–79,800 spans/s, 18.1–21.2 against 20.7–22.8 µs of CPU a span).
 */
function ownBuffer(bytes: Uint8Array, owned: boolean): Uint8Array<ArrayBuffer> {
  const { buffer } = bytes;
  // Never an empty one: a library may hand out one shared empty buffer, and copying it is free.
  if (bytes.byteLength === 0 || !(buffer instanceof ArrayBuffer)) return new Uint8Array(bytes);
  if (owned) return new Uint8Array(buffer, bytes.byteOffset, bytes.byteLength);
  const fills = bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength;
  return fills ? new Uint8Array(buffer) : new Uint8Array(bytes);
}
