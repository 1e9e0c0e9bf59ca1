import type { ApiKeyStore } from '../../auth/api-keys.js';
import { newBatch, type Rejection, type TracesConsumer } from '../../pipeline/batch.js';
import { PermanentError, type RetryableError } from '../../pipeline/errors.js';
import type { DecodedSpan } from '../../pipeline/span.js';
import type { ReceiverStats } from './stats.js';

export type Protocol = 'http' | 'grpc';

export class AuthError extends PermanentError {
  constructor(message: string, readonly forbidden: boolean) {
    super(message);
  }
}

/** What both OTLP receivers need from the rest of the collector. */
export interface IngestDeps {
  next: TracesConsumer;
  keys: ApiKeyStore;
  stats: ReceiverStats;
  /**
   * Asked with the spans the receivers hold decoded (plus, after decoding, the request's own):
   * an overloaded pipeline refuses at once, which bounds the memory all in-flight requests use.
   */
  admission: (inFlightSpans: number) => RetryableError | undefined;
}

/** Authenticates, decodes and hands one export request to the pipeline; shared by HTTP and gRPC. */
export async function ingest(deps: IngestDeps, protocol: Protocol, authorization: string | undefined, decode: () => DecodedSpan[]): Promise<Rejection[]> {
  const auth = deps.keys.authenticate(authorization, 'ingest');
  if (auth.status !== 'ok') throw new AuthError(auth.message, auth.status === 'forbidden');
  const spans = decode();
  deps.stats.received(protocol, spans.length);
  if (spans.length === 0) return [];
  const refused = deps.admission(deps.stats.inFlightSpans + spans.length);
  if (refused) {
    deps.stats.refused(protocol, spans.length);
    throw refused;
  }
  const batch = newBatch({ protocol, tenant: auth.principal.tenant }, spans);
  deps.stats.inFlightSpans += spans.length;
  try {
    await deps.next.consume(batch);
  } catch (error) {
    deps.stats.refused(protocol, spans.length);
    throw error;
  } finally {
    deps.stats.inFlightSpans -= spans.length;
  }
  deps.stats.accepted(protocol, spans.length - batch.rejections.length, batch.rejections.length, batch.droppedNonGenAi);
  return batch.rejections;
}
