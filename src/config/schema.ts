import { z } from 'zod';

/**
 * The whole otel-config.yaml: the Collector's sections (receivers, processors, exporters,
 * extensions, service) plus tokentally's own (api, pricing, budgets, alerts, auth).
 * Every field has a default, so an empty file (or none) is a working configuration.
 */

const hostPort = z
  .string()
  .regex(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.\-]+):\d{1,5}$/, 'expected host:port, e.g. 127.0.0.1:4318');

const mib = (def: number) => z.number().positive().max(1024).default(def);

const otlpReceiver = z
  .object({
    protocols: z
      .object({
        grpc: z
          .object({ endpoint: hostPort.default('127.0.0.1:4317'), max_recv_msg_size_mib: mib(20) })
          .strict()
          .nullable()
          .prefault({}),
        http: z
          .object({ endpoint: hostPort.default('127.0.0.1:4318'), max_request_body_size_mib: mib(20) })
          .strict()
          .nullable()
          .prefault({}),
      })
      .strict()
      .prefault({}),
  })
  .strict();

const genaiProcessor = z
  .object({
    /** Keep non-gen_ai spans in the batch for exporters that want them instead of dropping them. */
    forward_non_genai: z.boolean().default(false),
    /** Token counts above this are rejected as absurd (OTLP partial success). */
    max_tokens_per_call: z.number().int().positive().default(100_000_000),
  })
  .strict();

const runsProcessor = z
  .object({
    /** How long parent/agent links of a trace are remembered to attribute late children. */
    trace_memory_minutes: z.number().positive().default(60),
  })
  .strict();

/** A DuckDB size setting, checked here so that a typo is named at start-up, not by DuckDB. */
const duckdbSize = z.string().regex(/^\d+(\.\d+)?\s*(B|KB|MB|GB|KiB|MiB|GiB)$/i, 'a size such as 64MB or 1GiB');

const duckdbExporter = z
  .object({
    path: z.string().min(1).default('./data/tokentally.duckdb'),
    /** Longest a span waits for its group commit. */
    commit_interval_ms: z.number().int().min(1).max(10_000).default(25),
    /**
     * Spans decoded or queued ahead of the writer before receivers answer 429/UNAVAILABLE. 16k is
     * two full commit groups at 16 concurrent exporters of 512-span batches (no refusals there);
     * 64 senders get 429s instead of a growing queue (100k let RSS pass 600 MiB with no 429).
     */
    queue_max_spans: z.number().int().min(512).default(16_384),
    /**
     * DuckDB memory_limit (its buffer pool), e.g. '256MB'. Under sustained load the pool is always
     * full (blocks already checkpointed are kept as a cache until it needs the room), so its size
     * is most of the difference in peak memory: through the bench's overload 128MB peaked at
     * 563–593 MiB against 684–701 with 256MB, at the same accepted rate (2026-12-05). Bulk work
     * fits it: re-pricing a month of 3.3M calls, exports, every analytics endpoint over 10M calls.
     */
    memory_limit: z.string().default('128MB'),
    /**
     * WAL size at which DuckDB checkpoints (compresses the new rows into the file). DuckDB's own
     * 16MB checkpointed about every 60k calls and rewrote the open row group each time: measured
     * here over 600k calls, commits cost 12.5 µs of CPU a call with 16MB, 5-6 µs with 64MB, 4.9
     * with 128MB. A larger WAL also means a longer replay after a crash and more memory held:
     * the rows written since the last checkpoint sit uncompressed in the buffer pool (~3.7 bytes
     * for each byte of WAL). Through the bench's sustained overload (64 senders, 2026-12-05, after
     * request bodies stopped being copied twice) 48MB peaked at 664-671 MiB RSS over 1.5M spans
     * and 556-585 over 600k, against 715-737 and 646-676 with 64MB, and accepted as many spans or
     * more (78k against 62-68k spans/s over 1.5M). Smaller was not better: 32MB and 40MB peaked
     * at 661-709 MiB and took 60-68k spans/s (the checkpoints then came too often to keep up).
     */
    checkpoint_threshold: duckdbSize.default('48MB'),
    /**
     * DuckDB hands its allocator's dirty pages (memory it freed but keeps for reuse, up to a second
     * in its jemalloc) back to the system whenever it sets aside more than this at once. Kept, they
     * were 20–110 MiB of the server's resident memory under sustained load (jemalloc's own
     * statistics). Through the bench's sustained overload (2026-12-05, alternating) 2MB peaked at
     * 464–473 MiB against 513–536 with DuckDB's 512MB, accepting ~8% fewer spans a second
     * (62k–71k against 71k–76k); 4MB and 16MB at 504–515, as fast as 512MB; below 256KB it purges
     * on every block (200KB: 440–446 MiB, ~10% slower). Through the 16-sender load 2MB ran as fast
     * as 512MB (88k–93k against 82k–88k spans/s) at 439–449 MiB against 465–476. Queries that set
     * aside more pay a few ms (usage over 3M calls: 18–22 against 13–14 ms p50).
     */
    allocator_bulk_deallocation_flush_threshold: duckdbSize.default('2MB'),
    threads: z.number().int().min(1).max(64).optional(),
  })
  .strict();

const apiSection = z
  .object({
    endpoint: hostPort.default('127.0.0.1:4319'),
    sql: z
      .object({
        timeout_ms: z.number().int().min(10).max(600_000).default(5_000),
        max_rows: z.number().int().min(1).max(1_000_000).default(10_000),
      })
      .strict()
      .prefault({}),
  })
  .strict();

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2}))?$/, 'expected a date YYYY-MM-DD or an ISO 8601 timestamp');

const nonNegativePrice = z.number().min(0, 'a price cannot be negative');

export const priceOverrideSchema = z
  .object({
    provider: z.string().min(1),
    model: z.string().min(1),
    /** USD per million tokens. */
    input_mtok: nonNegativePrice.optional(),
    output_mtok: nonNegativePrice.optional(),
    cache_read_mtok: nonNegativePrice.optional(),
    cache_write_mtok: nonNegativePrice.optional(),
    /** USD per call, per image, per second, per page (tools, scraping, image/video/audio jobs). */
    per_call: nonNegativePrice.optional(),
    per_image: nonNegativePrice.optional(),
    per_second: nonNegativePrice.optional(),
    per_page: nonNegativePrice.optional(),
    effective_from: isoDate.optional(),
    effective_to: isoDate.optional(),
    note: z.string().optional(),
  })
  .strict();

const pricingSection = z
  .object({
    overrides: z.array(priceOverrideSchema).default([]),
  })
  .strict();

export const budgetSchema = z
  .object({
    /** The tenant a config budget belongs to ('default' when absent); API budgets take the caller's. */
    tenant: z.string().min(1).optional(),
    name: z.string().min(1),
    scope: z.enum(['org', 'agent', 'run', 'task_type', 'model']),
    target: z.string().min(1).optional(),
    period: z.enum(['daily', 'weekly', 'monthly', 'per_run']),
    limit_usd: z.number().positive('limit_usd must be greater than 0'),
    thresholds: z.array(z.number().gt(0).max(1000)).default([50, 80, 95, 100]),
    policy: z.enum(['soft', 'hard']).default('soft'),
    timezone: z.string().default('UTC'),
    webhooks: z.array(z.string().url()).default([]),
    emails: z.array(z.string().email()).default([]),
    parent: z.string().optional(),
    overrun_policy: z.enum(['allow', 'block']).default('allow'),
    approval_threshold_usd: z.number().positive().optional(),
  })
  .strict();

const alertsSection = z
  .object({
    webhook: z
      .object({
        /** HMAC-SHA256 key for the X-Tokentally-Signature header. */
        secret: z.string().default(''),
        /** Receivers of every alert, approval and top-up, besides each budget's own webhooks. */
        urls: z.array(z.string().url()).default([]),
        max_attempts: z.number().int().min(1).max(20).default(5),
        initial_backoff_ms: z.number().int().min(1).default(1_000),
        timeout_ms: z.number().int().min(100).default(5_000),
      })
      .strict()
      .prefault({}),
    email: z
      .object({
        host: z.string(),
        port: z.number().int().min(1).max(65535).default(587),
        secure: z.boolean().default(false),
        user: z.string().optional(),
        password: z.string().optional(),
        from: z.string(),
        to: z.array(z.string().email()).default([]),
      })
      .strict()
      .optional(),
    /** Unsettled budget reservations expire after this long. */
    reservation_ttl_seconds: z.number().int().min(1).default(300),
  })
  .strict();

const tokenCount = (def: number) => z.number().int().min(1).default(def);

/**
 * Optimization recommendations (GET /v1/recommendations). Every threshold is a default a
 * deployment may tune; none is a price (prices always come from the catalog and overrides).
 */
const recommendationsSection = z
  .object({
    /** The trailing window analysed; savings are stated per 30 days of it. */
    lookback_days: z.number().int().min(7).max(90).default(30),
    /** Fewest calls a group (agent, model, task type) needs before anything is recommended for it. */
    min_calls: z.number().int().min(1).default(30),
    /** Fewest earlier runs an agent needs for a cost-per-run baseline (runaway detection). */
    min_baseline_runs: z.number().int().min(2).default(10),
    /** Recommendations saving less than this per month are left out. */
    min_monthly_savings_usd: z.number().min(0).default(0),
    /** How long one analysis of a tenant is reused (budget alerts ask for it often). */
    cache_seconds: z.number().int().min(0).max(3600).default(60),
    model_downgrade: z
      .object({
        /** Suggest cheaper models of any catalog provider, not only the provider in use. */
        any_provider: z.boolean().default(false),
        /** Task types whose quality needs the flagship: never told to downgrade. */
        needs_flagship_task_types: z.array(z.string().min(1)).default([]),
        /** Groups averaging longer outputs than this are left on their model (long generation). */
        max_avg_output_tokens: tokenCount(1_000),
      })
      .strict()
      .prefault({}),
    response_caching: z
      .object({
        /** Fewest repeats of identical requests (same request hash) worth a response cache. */
        min_repeated_calls: z.number().int().min(1).default(5),
      })
      .strict()
      .prefault({}),
    prompt_caching: z
      .object({
        /** Smallest input that can repeat as a cached prefix (the providers' own minimum). */
        min_prefix_tokens: tokenCount(1_024),
        /** How long a cached prefix lives; each slot of this length with calls pays one cache write. */
        cache_ttl_minutes: z.number().int().min(1).max(1_440).default(5),
      })
      .strict()
      .prefault({}),
    batching: z
      .object({
        /** An hour with at least this many calls of one agent to one model is a burst (hourly roll-up). */
        min_calls_per_hour: z.number().int().min(2).default(10),
        /** A burst's calls must be this small on average (input and output) to wait for a batch. */
        max_avg_input_tokens: tokenCount(2_000),
        max_avg_output_tokens: tokenCount(500),
      })
      .strict()
      .prefault({}),
    retry_waste: z
      .object({
        /** Failed attempts must cost at least this share of the agent's spend. */
        min_waste_percent: z.number().min(0).max(100).default(2),
      })
      .strict()
      .prefault({}),
    runaway: z
      .object({
        /** Runs of the last recent_days are compared with the agent's earlier runs. */
        recent_days: z.number().int().min(1).default(7),
        /** A run costing more than this multiple of the baseline median is a runaway. */
        cost_multiplier: z.number().gt(1).default(3),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .refine((r) => r.runaway.recent_days < r.lookback_days, {
    message: 'must be shorter than recommendations.lookback_days, so earlier runs remain for the baseline',
    path: ['runaway', 'recent_days'],
  });

const apiKeySchema = z
  .object({
    name: z.string().optional(),
    /** sha256 hex of the key; preferred, so the config holds no secret. */
    key_sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex characters').optional(),
    /** The key itself (use ${env:...}); hashed at load time. */
    key: z.string().min(16, 'an API key must have at least 16 characters').optional(),
    tenant: z.string().min(1).default('default'),
    scopes: z.array(z.enum(['ingest', 'read', 'admin'])).min(1),
  })
  .strict()
  .refine((k) => (k.key === undefined) !== (k.key_sha256 === undefined), {
    message: 'give exactly one of key or key_sha256',
  });

const authSection = z
  .object({
    api_keys: z.array(apiKeySchema).default([]),
  })
  .strict();

const pipelineSchema = z
  .object({
    receivers: z.array(z.string()).min(1),
    processors: z.array(z.string()).default([]),
    exporters: z.array(z.string()).min(1),
    /**
     * Decode requests and run the processors on a thread of their own (true), or on the main
     * thread beside the receivers and the exporter (false). See pipeline/worker/.
     */
    processing_thread: z.boolean().default(true),
  })
  .strict();

export const configSchema = z
  .object({
    receivers: z.object({ otlp: otlpReceiver.prefault({}) }).strict().prefault({}),
    processors: z
      .object({ genai: genaiProcessor.prefault({}), cost: z.object({}).strict().default({}), runs: runsProcessor.prefault({}) })
      .strict()
      .prefault({}),
    exporters: z.object({ duckdb: duckdbExporter.prefault({}) }).strict().prefault({}),
    extensions: z.record(z.string(), z.unknown()).default({}),
    service: z
      .object({
        pipelines: z
          .object({ traces: pipelineSchema.prefault({ receivers: ['otlp'], processors: ['genai', 'cost', 'runs'], exporters: ['duckdb'] }) })
          .strict()
          .prefault({}),
        extensions: z.array(z.string()).default([]),
        /**
         * A soft limit on the process's resident memory, like GOMEMLIMIT for the Collector: the
         * nearer memory gets to it, the more eagerly the JavaScript heap is collected (see
         * service/heap-steering.ts). Back-pressure on senders comes from queue_max_spans.
         */
        memory: z
          .object({
            soft_limit_mib: z
              .number()
              .int()
              .min(0)
              .max(1_048_576)
              .refine((v) => v === 0 || v >= 64, 'use 0 to turn memory steering off, or at least 64')
              .default(512),
            check_interval_ms: z.number().int().min(50).max(60_000).default(250),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    api: apiSection.prefault({}),
    pricing: pricingSection.prefault({}),
    budgets: z.array(budgetSchema).default([]),
    alerts: alertsSection.prefault({}),
    auth: authSection.prefault({}),
    recommendations: recommendationsSection.prefault({}),
  })
  .strict();

export type TokentallyConfig = z.infer<typeof configSchema>;
export type PriceOverrideConfig = z.infer<typeof priceOverrideSchema>;
export type BudgetConfig = z.infer<typeof budgetSchema>;
export type ApiKeyConfig = z.infer<typeof apiKeySchema>;
export type RecommendationsConfig = z.infer<typeof recommendationsSection>;
