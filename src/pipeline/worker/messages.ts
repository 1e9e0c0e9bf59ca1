import type { TokentallyConfig } from '../../config/schema.js';
import type { PriceOverride } from '../../pricing/overrides.js';
import type { ExportRequest } from '../processing.js';
import type { RequestContext } from '../span.js';
import type { EncodedRecords } from './record-codec.js';

/** What the processing thread starts with (workerData). */
export interface ThreadInit {
  config: TokentallyConfig;
  overrides: readonly PriceOverride[];
}

/** Main thread -> processing thread. */
export type ToThread =
  | { kind: 'request'; id: number; context: RequestContext; request: ExportRequest }
  | { kind: 'overrides'; overrides: readonly PriceOverride[] };

/** How an error crosses back, so the receivers answer it as they would on the main thread. */
export interface ThreadError {
  type: 'decode' | 'permanent' | 'retryable' | 'internal';
  message: string;
  retryAfterMs?: number;
  overloaded?: boolean;
}

/** Processing thread -> main thread. */
export type FromThread =
  | { kind: 'ready' }
  | { kind: 'processed'; id: number; spans: number; droppedNonGenAi: number; records: EncodedRecords }
  | { kind: 'failed'; id: number; error: ThreadError };
