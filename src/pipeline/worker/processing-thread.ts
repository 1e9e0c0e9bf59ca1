/**
 * The processing thread: decodes export requests and runs them through the traces pipeline's
 * processors, off the main thread (which receives, stores and answers). It holds the processors'
 * per-trace state and a mirror of the main thread's price overrides; requests are handled one
 * at a time, in the order the main thread sent them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Catalog } from '../../pricing/catalog.js';
import { PricingService } from '../../pricing/service.js';
import { DecodeError, PermanentError, RetryableError } from '../errors.js';
import { InlineProcessing } from '../processing.js';
import type { FromThread, ThreadError, ThreadInit, ToThread } from './messages.js';
import { RecordEncoder } from './record-codec.js';

const port = parentPort!;
const init = workerData as ThreadInit;
const pricing = PricingService.mirror(await Catalog.load(), init.overrides);
const processing = new InlineProcessing(init.config, pricing);
await processing.start();
const encoder = new RecordEncoder();

function send(message: FromThread, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

function threadError(error: unknown): ThreadError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof DecodeError) return { type: 'decode', message };
  if (error instanceof RetryableError) return { type: 'retryable', message, retryAfterMs: error.retryAfterMs, overloaded: error.overloaded };
  if (error instanceof PermanentError) return { type: 'permanent', message };
  return { type: 'internal', message: error instanceof Error ? (error.stack ?? message) : message };
}

// Messages are handled strictly in order: processing is synchronous after decoding, so each
// request's records are made before the next message is read.
let queue: Promise<void> = Promise.resolve();

port.on('message', (message: ToThread) => {
  queue = queue.then(() => handle(message));
});

async function handle(message: ToThread): Promise<void> {
  if (message.kind === 'overrides') {
    pricing.replaceOverrides(message.overrides);
    return;
  }
  try {
    const { batch, spans } = await processing.process(message.context, message.request);
    const records = encoder.encode({ calls: batch.calls, activities: batch.activities, fixups: batch.fixups, rejections: batch.rejections });
    send({ kind: 'processed', id: message.id, spans, droppedNonGenAi: batch.droppedNonGenAi, records }, [records.numbers.buffer as ArrayBuffer]);
  } catch (error) {
    send({ kind: 'failed', id: message.id, error: threadError(error) });
  }
}

send({ kind: 'ready' });
