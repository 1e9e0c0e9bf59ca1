import type { ApiKeyStore } from '../../auth/api-keys.js';
import type { Rejection, TracesConsumer } from '../../pipeline/batch.js';
import { PermanentError, type RetryableError } from '../../pipeline/errors.js';
import { countSpansCheaply, type ExportRequest, type TracesProcessing } from '../../pipeline/processing.js';
import type { ReceiverStats } from './stats.js';

export type Protocol = 'http' | 'grpc';

export class AuthError extends PermanentError {
  constructor(message: string, readonly forbidden: boolean) {
    super(message);
  }
}

/** What both OTLP receivers need from the rest of the collector. */
export interface IngestDeps {
  /** Decodes a request and runs it through the processors. */
  processing: TracesProcessing;
  /** Stores the processed records (the exporter); resolves once they are committed. */
  next: TracesConsumer;
  keys: ApiKeyStore;
  stats: ReceiverStats;
  /**
   * Asked with the spans the receivers hold in flight, received but not yet taken by the exporter
   * (plus the request's own): an overloaded pipeline refuses at once, which bounds the memory all
   * requests in flight and queued for the writer use.
   */
  admission: (inFlightSpans: number) => RetryableError | undefined;
}

/**
 * Authenticates one export request, decodes and processes it, and hands its records to the
 * exporter; resolves with the spans rejected once the rest are committed. Shared by HTTP and gRPC.
 */
export async function ingest(deps: IngestDeps, protocol: Protocol, authorization: string | undefined, request: ExportRequest): Promise<Rejection[]> {
  const auth = deps.keys.authenticate(authorization, 'ingest');
  if (auth.status !== 'ok') throw new AuthError(auth.message, auth.status === 'forbidden');
  const counted = countSpansCheaply(request);
  if (counted !== undefined) refuseIfFull(deps, protocol, counted);
  // A request is in flight from admission until the exporter takes it (waiting for processing
  // too); from then on the exporter's queue counts it. Counting it in both made the pipeline
  // refuse at half of queue_max_spans.
  let inFlight = counted ?? 0;
  deps.stats.inFlightSpans += inFlight;
  const handedOver = () => {
    deps.stats.inFlightSpans -= inFlight;
    inFlight = 0;
  };
  try {
    const { batch, spans } = await deps.processing.process({ protocol, tenant: auth.principal.tenant }, request);
    if (counted === undefined) refuseIfFull(deps, protocol, spans);
    if (spans === 0) return [];
    const committed = deps.next.consume(batch);
    handedOver();
    try {
      await committed;
    } catch (error) {
      deps.stats.refused(protocol, spans);
      throw error;
    }
    deps.stats.accepted(protocol, spans - batch.rejections.length, batch.rejections.length, batch.droppedNonGenAi);
    return batch.rejections;
  } finally {
    handedOver();
  }
}

/** Counts the request's spans as received, and refuses them all if the pipeline is full. */
function refuseIfFull(deps: IngestDeps, protocol: Protocol, spans: number): void {
  deps.stats.received(protocol, spans);
  if (spans === 0) return;
  const refused = deps.admission(deps.stats.inFlightSpans + spans);
  if (refused) {
    deps.stats.refused(protocol, spans);
    throw refused;
  }
}
