import { describe, expect, it } from 'vitest';
import { ApiKeyStore } from '../../../src/auth/api-keys.js';
import type { TraceBatch } from '../../../src/pipeline/batch.js';
import { DecodeError, RetryableError } from '../../../src/pipeline/errors.js';
import { ingest, type IngestDeps } from '../../../src/receivers/otlp/ingest.js';
import type { ExportRequest } from '../../../src/pipeline/processing.js';
import { decodeOnly } from '../../support/processing.js';
import { ReceiverStats } from '../../../src/receivers/otlp/stats.js';
import { makeSpanBatches } from '../../../src/bench/span-factory.js';

/**
 * A pipeline that admits at most `capacity` spans in flight and records what reaches the
 * exporter; its processing decodes on this thread with no processors, keeping the decoded spans.
 */
function depsWithCapacity(capacity: number) {
  const consumed: TraceBatch[] = [];
  const decoded: number[] = [];
  const deps: IngestDeps = {
    processing: decodeOnly({ consume: async (batch: TraceBatch) => void decoded.push(batch.spans.length) }),
    next: { consume: async (batch) => void consumed.push(batch) },
    keys: new ApiKeyStore([]),
    stats: new ReceiverStats(),
    admission: (inFlight) => (inFlight > capacity ? new RetryableError('the write queue is full', 1_000, true) : undefined),
  };
  return { deps, consumed, decoded };
}

const protobuf = (bytes: Uint8Array): ExportRequest => ({ encoding: 'protobuf', bytes });
const json = (body: unknown): ExportRequest => ({ encoding: 'json', bytes: new TextEncoder().encode(JSON.stringify(body)) });

const jsonSpan = (id: string) => ({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: `b7ad6b71692033${id}`, name: 'chat', startTimeUnixNano: '1', endTimeUnixNano: '2' });

describe('ingest admission', () => {
  const body = makeSpanBatches(1, 512)[0]!;

  it('refuses a protobuf request the pipeline has no room for before decoding it', async () => {
    const { deps, consumed, decoded } = depsWithCapacity(100);
    await expect(ingest(deps, 'http', undefined, protobuf(body))).rejects.toThrow('the write queue is full');
    expect(decoded).toEqual([]);
    expect(consumed).toEqual([]);
    expect(deps.stats.byProtocol.http).toMatchObject({ received: 512, refused: 512, accepted: 0 });
  });

  it('admits a request that fits, counting its spans once', async () => {
    const { deps, consumed, decoded } = depsWithCapacity(1_000);
    await ingest(deps, 'grpc', undefined, protobuf(body));
    expect(decoded).toEqual([512]);
    expect(consumed).toHaveLength(1);
    expect(deps.stats.byProtocol.grpc).toMatchObject({ received: 512, refused: 0, accepted: 512 });
    expect(deps.stats.inFlightSpans).toBe(0);
  });

  it('leaves malformed framing to the decoder, whose error names the problem', async () => {
    const { deps } = depsWithCapacity(1_000);
    const truncated = body.subarray(0, 100);
    await expect(ingest(deps, 'http', undefined, protobuf(truncated))).rejects.toBeInstanceOf(DecodeError);
    await expect(ingest(deps, 'http', undefined, protobuf(truncated))).rejects.toThrow(/runs past/);
  });

  it('checks a body it cannot count (JSON) once decoded', async () => {
    const { deps } = depsWithCapacity(1);
    const request = json({ resourceSpans: [{ scopeSpans: [{ spans: [jsonSpan('01'), jsonSpan('02')] }] }] });
    await expect(ingest(deps, 'http', undefined, request)).rejects.toThrow('the write queue is full');
    expect(deps.stats.byProtocol.http).toMatchObject({ received: 2, refused: 2 });
    expect(deps.stats.inFlightSpans).toBe(0);
  });
});

