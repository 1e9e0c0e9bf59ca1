import type { MetricFamily } from './prometheus.js';

/**
 * What the running pipeline reports to /metrics. The service implements PipelineStatsSource
 * from the receivers' counters and the exporter's queue and commits; /metrics reads it on each
 * scrape. Counters are totals since start-up.
 */
export interface PipelineStats {
  spans: Array<{ protocol: 'http' | 'grpc'; received: number; accepted: number; rejected: number; refused: number; refusedRequests: number }>;
  /** Records waiting for the DuckDB writer, and the most it queues before answering 429. */
  queue: { depth: number; capacity: number };
  /**
   * Resent spans the writer dropped as already stored, and its commits that had to ask the
   * database about spans older than its in-memory keys (a scan of the stored rows of their times).
   */
  duplicates: { spans: number; databaseLookups: number };
  commitLatency: HistogramSnapshot;
  /** Requests waiting for decoding and the processors, and restarts of the processing thread. */
  processing: { pendingRequests: number; threadRestarts: number };
  /** The server process's memory (process.memoryUsage()), to watch against a container limit. */
  memory: {
    rssBytes: number;
    heapUsedBytes: number;
    externalBytes: number;
    /** service.memory.soft_limit_mib in bytes (0: steering off), the steering level now and its changes. */
    softLimitBytes: number;
    steering: 'relaxed' | 'moderate' | 'tight';
    steeringChanges: number;
  };
}

export interface PipelineStatsSource {
  pipelineStats(): PipelineStats;
}

export interface HistogramSnapshot {
  /** Cumulative counts per upper bound (seconds), ascending; +Inf is `count`. */
  buckets: Array<{ le: number; count: number }>;
  count: number;
  sum: number;
}

/** Upper bounds for group-commit latency: 1 ms to 10 s. */
export const COMMIT_LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A latency histogram the service feeds one observation per commit. */
export class LatencyHistogram {
  private readonly counts: number[];
  private count = 0;
  private sum = 0;

  constructor(private readonly bounds: readonly number[] = COMMIT_LATENCY_BUCKETS) {
    this.counts = bounds.map(() => 0);
  }

  observe(seconds: number): void {
    this.count++;
    this.sum += seconds;
    this.bounds.forEach((le, i) => {
      if (seconds <= le) this.counts[i]!++;
    });
  }

  snapshot(): HistogramSnapshot {
    return { buckets: this.bounds.map((le, i) => ({ le, count: this.counts[i]! })), count: this.count, sum: this.sum };
  }
}

export function pipelineFamilies(stats: PipelineStats): MetricFamily[] {
  const perProtocol = (field: 'received' | 'accepted' | 'rejected' | 'refused' | 'refusedRequests') =>
    stats.spans.map((s) => ({ labels: { protocol: s.protocol }, value: s[field] }));
  const h = stats.commitLatency;
  return [
    { name: 'tokentally_spans_received_total', help: 'Spans received over OTLP, by protocol.', type: 'counter', samples: perProtocol('received') },
    { name: 'tokentally_spans_accepted_total', help: 'Spans accepted (stored or dropped as non-gen_ai), by protocol.', type: 'counter', samples: perProtocol('accepted') },
    { name: 'tokentally_spans_rejected_total', help: 'Spans rejected as bad data (OTLP partial success), by protocol.', type: 'counter', samples: perProtocol('rejected') },
    { name: 'tokentally_spans_refused_total', help: 'Spans of decoded or counted requests refused by back-pressure or a failed commit (429/503; the sender retries), by protocol.', type: 'counter', samples: perProtocol('refused') },
    { name: 'tokentally_requests_refused_total', help: 'Export requests answered 429/503 (RESOURCE_EXHAUSTED/UNAVAILABLE), also those refused before their body was read, by protocol.', type: 'counter', samples: perProtocol('refusedRequests') },
    { name: 'tokentally_spans_duplicate_total', help: 'Spans dropped as already stored (an exporter resending spans the server had committed).', type: 'counter', samples: [{ value: stats.duplicates.spans }] },
    {
      name: 'tokentally_duplicate_lookups_total',
      help: 'Group commits that asked the database whether spans were already stored: spans that ended before the newest ones the in-memory keys dropped (seconds of traffic under load).',
      type: 'counter',
      samples: [{ value: stats.duplicates.databaseLookups }],
    },
    { name: 'tokentally_queue_depth', help: 'Records waiting for the DuckDB writer.', type: 'gauge', samples: [{ value: stats.queue.depth }] },
    { name: 'tokentally_queue_capacity', help: 'Records the writer queues before receivers answer 429.', type: 'gauge', samples: [{ value: stats.queue.capacity }] },
    { name: 'tokentally_processing_pending_requests', help: 'Export requests waiting for decoding and the processors.', type: 'gauge', samples: [{ value: stats.processing.pendingRequests }] },
    { name: 'tokentally_processing_thread_restarts_total', help: 'Times the processing thread died and was replaced (its requests were answered 503).', type: 'counter', samples: [{ value: stats.processing.threadRestarts }] },
    { name: 'process_resident_memory_bytes', help: 'Resident memory of the server process.', type: 'gauge', samples: [{ value: stats.memory.rssBytes }] },
    { name: 'nodejs_heap_size_used_bytes', help: 'V8 heap in use.', type: 'gauge', samples: [{ value: stats.memory.heapUsedBytes }] },
    { name: 'tokentally_memory_soft_limit_bytes', help: 'service.memory.soft_limit_mib (0: heap steering off).', type: 'gauge', samples: [{ value: stats.memory.softLimitBytes }] },
    {
      name: 'tokentally_heap_steering',
      help: 'How eagerly the JavaScript heap is collected as memory nears the soft limit (1 for the level in force).',
      type: 'gauge',
      samples: (['relaxed', 'moderate', 'tight'] as const).map((level) => ({ labels: { level }, value: stats.memory.steering === level ? 1 : 0 })),
    },
    { name: 'tokentally_heap_steering_changes_total', help: 'Changes of the heap steering level.', type: 'counter', samples: [{ value: stats.memory.steeringChanges }] },
    { name: 'nodejs_external_memory_bytes', help: 'Memory of JS objects bound to native memory (buffers, typed arrays).', type: 'gauge', samples: [{ value: stats.memory.externalBytes }] },
    {
      name: 'tokentally_commit_duration_seconds',
      help: 'Duration of DuckDB group commits.',
      type: 'histogram',
      samples: [
        ...h.buckets.map((b) => ({ suffix: '_bucket', labels: { le: String(b.le) }, value: b.count })),
        { suffix: '_bucket', labels: { le: '+Inf' }, value: h.count },
        { suffix: '_sum', value: h.sum },
        { suffix: '_count', value: h.count },
      ],
    },
  ];
}
