import { describe, expect, it } from 'vitest';
import { ApiKeyStore } from '../../../src/auth/api-keys.js';
import type { TraceBatch } from '../../../src/pipeline/batch.js';
import { DecodeError, RetryableError } from '../../../src/pipeline/errors.js';
import { ingest, protobufRequest, type IngestDeps } from '../../../src/receivers/otlp/ingest.js';
import { ReceiverStats } from '../../../src/receivers/otlp/stats.js';
import { makeSpanBatches } from '../../../src/bench/span-factory.js';
import { span } from '../../support/spans.js';

/** A pipeline that admits at most `capacity` spans in flight and records what reaches it. */
function depsWithCapacity(capacity: number) {
  const consumed: TraceBatch[] = [];
  const deps: IngestDeps = {
    next: { consume: async (batch) => void consumed.push(batch) },
    keys: new ApiKeyStore([]),
    stats: new ReceiverStats(),
    admission: (inFlight) => (inFlight > capacity ? new RetryableError('the write queue is full', 1_000, true) : undefined),
  };
  return { deps, consumed };
}

describe('ingest admission', () => {
  const body = makeSpanBatches(1, 512)[0]!;

  it('refuses a protobuf request the pipeline has no room for before decoding it', async () => {
    const { deps, consumed } = depsWithCapacity(100);
    let decoded = false;
    const request = { ...protobufRequest(body), decode: () => ((decoded = true), []) };
    await expect(ingest(deps, 'http', undefined, request)).rejects.toThrow('the write queue is full');
    expect(decoded).toBe(false);
    expect(consumed).toEqual([]);
    expect(deps.stats.byProtocol.http).toMatchObject({ received: 512, refused: 512, accepted: 0 });
  });

  it('admits a request that fits, counting its spans once', async () => {
    const { deps, consumed } = depsWithCapacity(1_000);
    await ingest(deps, 'grpc', undefined, protobufRequest(body));
    expect(consumed.map((b) => b.spans.length)).toEqual([512]);
    expect(deps.stats.byProtocol.grpc).toMatchObject({ received: 512, refused: 0, accepted: 512 });
  });

  it('leaves malformed framing to the decoder, whose error names the problem', async () => {
    const { deps } = depsWithCapacity(1_000);
    const truncated = body.subarray(0, 100);
    await expect(ingest(deps, 'http', undefined, protobufRequest(truncated))).rejects.toBeInstanceOf(DecodeError);
    await expect(ingest(deps, 'http', undefined, protobufRequest(truncated))).rejects.toThrow(/runs past/);
  });

  it('checks a body it cannot count (JSON) once decoded', async () => {
    const { deps } = depsWithCapacity(1);
    await expect(ingest(deps, 'http', undefined, { decode: () => [span(), span()] })).rejects.toThrow('the write queue is full');
    expect(deps.stats.byProtocol.http).toMatchObject({ received: 2, refused: 2 });
  });
});

