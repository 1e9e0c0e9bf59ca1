import type { TokentallyConfig } from '../config/schema.js';
import type { PricingService } from '../pricing/service.js';
import { countSpansProtobuf, decodeTracesJson, decodeTracesProtobuf } from '../receivers/otlp/decode/index.js';
import { buildProcessors } from '../service/pipeline.js';
import { newBatch, type TraceBatch, type TracesConsumer } from './batch.js';
import type { Component } from './component.js';
import type { DecodedSpan, RequestContext } from './span.js';

/** One export request's body as received (decompressed), in the encoding its sender used. */
export interface ExportRequest {
  encoding: 'protobuf' | 'json';
  /** Handed over by process(): a processing thread may take their buffer (the caller's view is then empty). */
  bytes: Uint8Array;
  /**
   * Set by a receiver that knows nothing else uses the buffer under `bytes`, though they do not
   * fill it (a framing header before them): a processing thread may take it whole, uncopied.
   */
  ownsBuffer?: boolean;
}

/** A request decoded and run through the processors: the records the exporter stores. */
export interface ProcessedRequest {
  batch: TraceBatch;
  /** Spans the request carried, gen_ai or not. */
  spans: number;
}

/** What /metrics shows of the processing. */
export interface ProcessingStats {
  /** Requests handed in and not yet processed. */
  pendingRequests: number;
  /** Times the processing thread died and was replaced. */
  threadRestarts: number;
}

/**
 * Decodes export requests and runs them through the traces pipeline's processors (genai, cost,
 * runs), on the main thread or on a processing thread of its own (worker/worker-processing.ts).
 * Requests are processed in the order they are handed in: the processors keep per-trace state.
 */
export interface TracesProcessing extends Component {
  /** Rejects with a DecodeError for a malformed request. */
  process(context: RequestContext, request: ExportRequest): Promise<ProcessedRequest>;
  stats(): ProcessingStats;
}

export function decodeRequest(request: ExportRequest): DecodedSpan[] {
  return request.encoding === 'protobuf' ? decodeTracesProtobuf(request.bytes) : decodeTracesJson(request.bytes);
}

/**
 * The request's span count read from its framing alone (protobuf), so that an overloaded
 * pipeline can refuse it before paying for the decode; undefined when that is not cheap (JSON)
 * or the framing is malformed (left for the decoder to report).
 */
export function countSpansCheaply(request: ExportRequest): number | undefined {
  if (request.encoding !== 'protobuf') return undefined;
  try {
    return countSpansProtobuf(request.bytes);
  } catch {
    return undefined;
  }
}

/** Decodes one request and runs it through the processors from `head`, which fill the batch in place. */
export async function processRequest(head: TracesConsumer, context: RequestContext, request: ExportRequest): Promise<ProcessedRequest> {
  const spans = decodeRequest(request);
  const batch = newBatch(context, spans);
  if (spans.length > 0) await head.consume(batch);
  // The decoded spans are done with: only the records travel on to the exporter.
  batch.spans = [];
  return { batch, spans: spans.length };
}

/**
 * The processors of `config`'s traces pipeline on the calling thread: the main thread's, or
 * inside the processing thread. Their chain ends in a tail that keeps the batch for the caller.
 */
export class InlineProcessing implements TracesProcessing {
  private readonly chain: ReturnType<typeof buildProcessors>;

  constructor(config: TokentallyConfig, pricing: PricingService) {
    const tail: TracesConsumer = { consume: async () => {} };
    this.chain = buildProcessors(config, tail, pricing);
  }

  async start(): Promise<void> {
    for (const p of [...this.chain.processors].reverse()) await p.start();
  }

  process(context: RequestContext, request: ExportRequest): Promise<ProcessedRequest> {
    return processRequest(this.chain.head, context, request);
  }

  /** Requests are processed as they are handed in: none ever waits, and there is no thread. */
  stats(): ProcessingStats {
    return { pendingRequests: 0, threadRestarts: 0 };
  }

  async shutdown(): Promise<void> {
    for (const p of this.chain.processors) await p.shutdown();
  }
}
