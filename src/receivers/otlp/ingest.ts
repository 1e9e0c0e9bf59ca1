import type { ApiKeyStore } from '../../auth/api-keys.js';
import { newBatch, type Rejection, type TracesConsumer } from '../../pipeline/batch.js';
import { PermanentError, type RetryableError } from '../../pipeline/errors.js';
import type { DecodedSpan } from '../../pipeline/span.js';
import type { ReceiverStats } from './stats.js';
import { countSpansProtobuf, decodeTracesProtobuf } from './decode/index.js';

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

/** One export request's body, as the receivers hand it over. */
export interface ExportRequest {
  decode(): DecodedSpan[];
  /**
   * Its span count without decoding, where the encoding allows that cheaply (protobuf): an
   * overloaded pipeline then refuses it before paying for the decode. Malformed framing is left
   * for decode() to report.
   */
  countSpans?(): number;
}

/** A protobuf body: counted from its framing before it is decoded. */
export function protobufRequest(bytes: Uint8Array): ExportRequest {
  return { decode: () => decodeTracesProtobuf(bytes), countSpans: () => countSpansProtobuf(bytes) };
}

function cheapSpanCount(request: ExportRequest): number | undefined {
  try {
    return request.countSpans?.();
  } catch {
    return undefined;
  }
}

/** Authenticates, decodes and hands one export request to the pipeline; shared by HTTP and gRPC. */
export async function ingest(deps: IngestDeps, protocol: Protocol, authorization: string | undefined, request: ExportRequest): Promise<Rejection[]> {
  const auth = deps.keys.authenticate(authorization, 'ingest');
  if (auth.status !== 'ok') throw new AuthError(auth.message, auth.status === 'forbidden');
  const counted = cheapSpanCount(request);
  if (counted !== undefined) refuseIfFull(deps, protocol, counted);
  const spans = request.decode();
  if (counted === undefined) refuseIfFull(deps, protocol, spans.length);
  const total = spans.length;
  if (total === 0) return [];
  // Only the batch holds the decoded spans from here: the genai processor lets go of them once
  // it has made the records, long before the commit this request waits for.
  const batch = newBatch({ protocol, tenant: auth.principal.tenant }, spans);
  deps.stats.inFlightSpans += total;
  try {
    await deps.next.consume(batch);
  } catch (error) {
    deps.stats.refused(protocol, total);
    throw error;
  } finally {
    deps.stats.inFlightSpans -= total;
  }
  deps.stats.accepted(protocol, total - batch.rejections.length, batch.rejections.length, batch.droppedNonGenAi);
  return batch.rejections;
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
