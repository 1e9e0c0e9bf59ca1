import type { Protocol } from './ingest.js';

interface Counters {
  received: number;
  accepted: number;
  rejected: number;
  refused: number;
  droppedNonGenAi: number;
}

/** Span counters per protocol, for /metrics and the bench. */
export class ReceiverStats {
  /** Spans decoded and not yet handed to the exporter's queue (or refused): memory in use. */
  inFlightSpans = 0;

  readonly byProtocol: Record<Protocol, Counters> = {
    http: { received: 0, accepted: 0, rejected: 0, refused: 0, droppedNonGenAi: 0 },
    grpc: { received: 0, accepted: 0, rejected: 0, refused: 0, droppedNonGenAi: 0 },
  };

  received(protocol: Protocol, spans: number): void {
    this.byProtocol[protocol].received += spans;
  }

  /** `accepted` includes dropped non-gen_ai spans: they were handled, not refused. */
  accepted(protocol: Protocol, accepted: number, rejected: number, dropped: number): void {
    const c = this.byProtocol[protocol];
    c.accepted += accepted;
    c.rejected += rejected;
    c.droppedNonGenAi += dropped;
  }

  /** Spans refused as a whole (back-pressure, storage failure): the sender retries them. */
  refused(protocol: Protocol, spans: number): void {
    this.byProtocol[protocol].refused += spans;
  }

  /**
   * Requests answered 429/503 (RESOURCE_EXHAUSTED/UNAVAILABLE), including those refused before
   * their body was read, whose spans were never counted.
   */
  readonly refusedRequests: Record<Protocol, number> = { http: 0, grpc: 0 };
}
