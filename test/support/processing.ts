import type { TracesConsumer } from '../../src/pipeline/batch.js';
import { processRequest, type TracesProcessing } from '../../src/pipeline/processing.js';

/** Decoding without processors, on this thread: `tail` sees each batch with its decoded spans. */
export function decodeOnly(tail: TracesConsumer = { consume: async () => {} }): TracesProcessing {
  return {
    start: async () => {},
    shutdown: async () => {},
    process: (context, request) => processRequest(tail, context, request),
    stats: () => ({ pendingRequests: 0, threadRestarts: 0 }),
  };
}
