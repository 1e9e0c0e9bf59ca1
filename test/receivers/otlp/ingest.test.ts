import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ApiKeyStore } from '../../../src/auth/api-keys.js';
import type { TraceBatch } from '../../../src/pipeline/batch.js';
import { DecodeError, RetryableError } from '../../../src/pipeline/errors.js';
import { ingest, type IngestDeps } from '../../../src/receivers/otlp/ingest.js';
import type { ExportRequest } from '../../../src/pipeline/processing.js';
import { decodeOnly } from '../../support/processing.js';
import { tempDir } from '../../support/temp-dir.js';
import { InlineProcessing } from '../../../src/pipeline/processing.js';
import { Database } from '../../../src/storage/database.js';
import { createDuckdbExporter } from '../../../src/exporters/duckdb/factory.js';
import { configSchema } from '../../../src/config/schema.js';
import { Catalog } from '../../../src/pricing/catalog.js';
import { MemoryOverrideStore } from '../../../src/pricing/override-store.js';
import { PricingService } from '../../../src/pricing/service.js';
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

  it('counts a request once: in flight until the exporter takes it, then in the write queue', async () => {
    const { dir, cleanup } = tempDir();
    const db = await Database.open({ path: join(dir, 'tt.duckdb') });
    // A long linger keeps the first request queued while the second asks to be admitted.
    const exporter = createDuckdbExporter({ ...configSchema.parse({}).exporters.duckdb, queue_max_spans: 1_024, commit_interval_ms: 500 }, db);
    const pricing = await PricingService.create({ catalog: await Catalog.load(), store: new MemoryOverrideStore(), configOverrides: [] });
    const deps: IngestDeps = {
      processing: new InlineProcessing(configSchema.parse({}), pricing),
      next: exporter,
      keys: new ApiKeyStore([]),
      stats: new ReceiverStats(),
      admission: (inFlight) => exporter.admissionError(inFlight),
    };
    try {
      await exporter.start();
      const [first, second] = makeSpanBatches(2, 512).map(protobuf);
      const firstDone = ingest(deps, 'http', undefined, first!);
      await vi.waitFor(() => expect(exporter.stats.queuedRecords).toBe(512));
      expect(deps.stats.inFlightSpans).toBe(0);
      // 512 queued + 512 arriving is exactly queue_max_spans: admitted.
      await expect(Promise.all([firstDone, ingest(deps, 'http', undefined, second!)])).resolves.toEqual([[], []]);
      expect(deps.stats.byProtocol.http).toMatchObject({ accepted: 1_024, refused: 0 });
    } finally {
      await exporter.shutdown();
      db.close();
      cleanup();
    }
  });
});
