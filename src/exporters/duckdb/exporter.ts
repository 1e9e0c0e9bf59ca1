import type { DuckDBConnection } from '@duckdb/node-api';
import type { Component } from '../../pipeline/component.js';
import type { TraceBatch, TracesConsumer } from '../../pipeline/batch.js';
import type { CommitListener, CommittedBatch } from '../../pipeline/commit.js';
import { RetryableError } from '../../pipeline/errors.js';
import type { Database } from '../../storage/database.js';
import type { DuckdbExporterConfig } from './config.js';
import { Dictionary } from './dictionary.js';
import { GroupCommit, type CommitInput, type CommitPolicy } from './group-commit.js';

interface Waiter {
  batch: TraceBatch;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface ExporterStats {
  queuedRecords: number;
  commits: number;
  committedCalls: number;
  /** Resent spans dropped as already stored. */
  duplicateSpans: number;
  /** Commits that asked the database about spans older than the in-memory keys. */
  databaseLookups: number;
  commitSecondsTotal: number;
  lastCommitSeconds: number;
}

/** Largest commit group; bounds the transaction size and the time one commit takes. */
const MAX_GROUP_RECORDS = 65_536;

/**
 * Under load, the roll-up MERGEs (hourly_usage, daily_usage, runs, run_agents) run at most this
 * often; the commits in between only append their deltas to rollup_pending_* (a few hundred
 * pre-aggregated rows, no index lookups). Measured here for a 4k-span group in isolation, the four
 * MERGEs were ~40 ms of ~80 ms of DuckDB work; they also hold the writer while the event loop
 * decodes. So under load roll-ups lag the calls by up to a second; idle, they catch up at once.
 */
const ROLLUP_MERGE_INTERVAL_MS = 1000;

/**
 * The full merge of run deltas that roll-up merges left pending (GroupCommit.mergeLeftoverRuns: a
 * scan of every stored run, ~80 ms at 5M runs measured here) waits, after each one, this many
 * times as long as it took: at most a tenth of the writer's time, however large the file. A small
 * file's take milliseconds, so they follow every drain.
 */
const LEFTOVER_MERGE_SPACING = 10;
/**
 * Under load it also waits as long as the roll-up merges do: nearly every merge of agent traffic
 * continues runs, so deltas may be left, and looking for them costs the writer a round trip and
 * the transaction a commit kept open for the next group.
 */
const LEFTOVER_MERGE_INTERVAL_UNDER_LOAD_MS = ROLLUP_MERGE_INTERVAL_MS;

/**
 * How often the run keys are saved in the file (GroupCommit.saveRunKeys; ~1.25 bytes a key, and at
 * shutdown): a start-up after a crash reads the keys stored since, at most this much traffic's.
 */
const RUN_KEYS_SAVE_INTERVAL_MS = 10 * 60_000;

/**
 * The end of every traces pipeline: one writer that stores batches in DuckDB by group commit.
 * Batches that arrive while a commit runs wait and go into the next one together, so the commit
 * rate adapts to load; each `consume` resolves only after its records are committed, which is
 * when the receiver acknowledges the OTLP request. A full queue is refused at once with a
 * RetryableError (429 / UNAVAILABLE), which keeps memory bounded under overload.
 */
export class DuckdbExporter implements Component, TracesConsumer {
  private readonly dict = new Dictionary();
  private connection: DuckDBConnection | undefined;
  private commit: GroupCommit | undefined;
  private queue: Waiter[] = [];
  private readonly exclusiveTasks: Array<() => Promise<void>> = [];
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private lastRollupMerge = 0;
  /** When the next full merge of left-over run deltas may run (see LEFTOVER_MERGE_SPACING). */
  private leftoverMergeDue = 0;
  /** Runs it once due when the writer went idle with run deltas left pending. */
  private leftoverTimer: NodeJS.Timeout | undefined;
  /** When the run keys were last saved (start-up saves them). */
  private runKeysSaved = performance.now();
  /** Groups committed by the running drain() so far. */
  private groupsThisDrain = 0;
  readonly stats: ExporterStats = {
    queuedRecords: 0,
    commits: 0,
    committedCalls: 0,
    duplicateSpans: 0,
    databaseLookups: 0,
    commitSecondsTotal: 0,
    lastCommitSeconds: 0,
  };

  constructor(
    private readonly config: DuckdbExporterConfig,
    private readonly db: Database,
    private readonly listeners: readonly CommitListener[] = [],
    /** Told each commit's duration in seconds (the /metrics latency histogram). */
    private readonly observeCommit: (seconds: number) => void = () => {},
  ) {}

  async start(): Promise<void> {
    const con = await this.db.connect();
    await this.dict.load(con);
    this.commit = await GroupCommit.prepare(con, this.dict);
    this.connection = con;
  }

  consume(batch: TraceBatch): Promise<void> {
    const records = batch.calls.length + batch.activities.length + batch.fixups.length;
    if (records === 0) return Promise.resolve();
    if (this.stopped || !this.commit) {
      return Promise.reject(new RetryableError('the DuckDB exporter is not running', 1_000));
    }
    if (this.stats.queuedRecords + records > this.config.queue_max_spans) {
      return Promise.reject(this.queueFullError());
    }
    this.stats.queuedRecords += records;
    return new Promise((resolve, reject) => {
      this.queue.push({ batch, resolve, reject });
      this.schedule();
    });
  }

  /**
   * Receivers ask before reading a request body and again once its spans are counted, with the
   * spans they hold in flight (received, not yet handed to this exporter): queued and in-flight
   * spans together stay under queue_max_spans, so memory is bounded and an overloaded server
   * refuses cheaply.
   */
  admissionError(inFlightSpans = 0): RetryableError | undefined {
    if (this.stopped) return new RetryableError('the server is shutting down', 1_000);
    return this.stats.queuedRecords + inFlightSpans > this.config.queue_max_spans ? this.queueFullError() : undefined;
  }

  private queueFullError(): RetryableError {
    return new RetryableError(`the write queue is full (${this.stats.queuedRecords} spans waiting to be stored)`, 1_000, true);
  }

  /**
   * Runs `task` on the writer's connection between two group commits, so other writers (re-pricing)
   * never race the exporter; the dictionary is shared so new names get ids consistently.
   */
  exclusive<T>(task: (con: DuckDBConnection, dict: Dictionary) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.exclusiveTasks.push(async () => {
        try {
          resolve(await task(this.connection!, this.dict));
        } catch (error) {
          reject(error);
        }
      });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.flushing || this.timer || this.stopped) return;
    clearTimeout(this.leftoverTimer);
    // A short linger lets concurrent requests share one commit without delaying a lone one much.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushing = this.drain().finally(() => {
        this.flushing = undefined;
        if (this.queue.length > 0 || this.exclusiveTasks.length > 0) this.schedule();
      });
    }, this.config.commit_interval_ms);
  }

  private async drain(): Promise<void> {
    // Exclusive tasks (re-pricing) read and correct the roll-ups: merge what is pending first.
    if (this.exclusiveTasks.length > 0) {
      await this.mergeRollups();
      await this.mergeLeftoverRuns(true);
    }
    while (this.exclusiveTasks.length > 0) {
      await this.exclusiveTasks.shift()!();
      // Re-pricing inserts run_agents rows of its own: the merges must know their keys.
      await this.commit?.reloadRunKeys().catch((error: Error) => console.error('tokentally: reading the run keys failed:', error.message));
    }
    this.groupsThisDrain = 0;
    while (this.queue.length > 0) {
      const group = this.takeGroup();
      this.groupsThisDrain++;
      const acknowledge = await this.commitGroup(group);
      // Nothing else waits for the writer: the roll-ups catch up now, before the last group is
      // acknowledged, so that a sender that waits for its ack and then asks the API finds its
      // calls in the totals (a later group of a drain does not merge in its own commit).
      if (this.queue.length === 0) await this.mergeRollups();
      // So do runs the merge left pending, when due (under load too, between groups).
      await this.mergeLeftoverRuns(false);
      acknowledge();
      // After the ack, which a save (tens of ms for millions of keys) would delay.
      await this.saveRunKeysWhenDue();
    }
    // A drain of exclusive tasks only (or one that ended in a failed group) has merged nothing;
    // one the left-over timer started has no group at all.
    await this.mergeRollups();
    await this.mergeLeftoverRuns(false);
    await this.saveRunKeysWhenDue();
    await this.commit?.finish().catch((error: Error) => console.error('tokentally: ending a transaction failed:', error.message));
  }

  private async mergeRollups(): Promise<void> {
    if (!this.commit?.pendingRollups) return;
    try {
      const moved = await this.commit.mergeRollups();
      this.lastRollupMerge = performance.now();
      // Fix-ups applied by the merge moved spend of calls committed earlier.
      if (moved.length > 0) this.tell({ calls: [], activities: [], moved });
    } catch (error) {
      // The deltas stay pending (and durable); the next commit or start-up merges them.
      console.error('tokentally: merging roll-ups failed; will retry:', (error as Error).message);
    }
  }

  private async saveRunKeysWhenDue(): Promise<void> {
    if (performance.now() - this.runKeysSaved >= RUN_KEYS_SAVE_INTERVAL_MS) await this.saveRunKeys();
  }

  /** Saves the run keys for the next start-up; a failure only makes that start-up read more. */
  private async saveRunKeys(): Promise<void> {
    this.runKeysSaved = performance.now();
    await this.commit?.saveRunKeys().catch((error: Error) => console.error('tokentally: saving the run keys failed:', error.message));
  }

  /**
   * Merges the run deltas that roll-up merges left pending, when due (`force`: whenever any wait,
   * before re-pricing and shutdown). A failure leaves them pending for the next one.
   */
  private async mergeLeftoverRuns(force: boolean): Promise<void> {
    const started = performance.now();
    if (!this.commit?.leftoverRunsMayWait) return;
    if (!force && started < this.leftoverMergeDue) {
      if (this.queue.length === 0) {
        clearTimeout(this.leftoverTimer);
        this.leftoverTimer = setTimeout(() => this.schedule(), this.leftoverMergeDue - started).unref();
      }
      return;
    }
    try {
      await this.commit.mergeLeftoverRuns();
    } catch (error) {
      console.error('tokentally: merging left-over run deltas failed; will retry:', (error as Error).message);
    }
    const ended = performance.now();
    const spacing = LEFTOVER_MERGE_SPACING * (ended - started);
    this.leftoverMergeDue = ended + (this.queue.length > 0 ? Math.max(spacing, LEFTOVER_MERGE_INTERVAL_UNDER_LOAD_MS) : spacing);
  }

  /**
   * Asked by the group commit just before it finishes: merge the roll-ups in this commit under
   * light load (the first group of a drain with nothing else queued: a sender that waits for each
   * ack then reads roll-ups that show its data) or when the last merge is old enough; under load
   * the deltas stay pending for a later commit. Measured here with 16 senders, the old rule
   * ("nothing queued right now") merged in 60% of the commits, at ~40 ms of MERGEs each.
   */
  private readonly policy: CommitPolicy = {
    mergeNow: () => {
      const now = performance.now();
      const lightLoad = this.groupsThisDrain === 1 && this.queue.length === 0;
      if (!lightLoad && now - this.lastRollupMerge < ROLLUP_MERGE_INTERVAL_MS) return false;
      this.lastRollupMerge = now;
      return true;
    },
    // drain() ends the transaction (finish) when it runs out of work.
    beginNext: () => true,
  };

  private takeGroup(): Waiter[] {
    let records = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || records < MAX_GROUP_RECORDS)) {
      const b = this.queue[n]!.batch;
      records += b.calls.length + b.activities.length + b.fixups.length;
      n++;
    }
    return this.queue.splice(0, n);
  }

  /** Commits one group; returns what acknowledges its senders (a failed group's are already answered). */
  private async commitGroup(group: Waiter[]): Promise<() => void> {
    const input: CommitInput = { calls: [], activities: [], fixups: [] };
    for (const { batch } of group) {
      for (const c of batch.calls) input.calls.push(c);
      for (const a of batch.activities) input.activities.push(a);
      for (const f of batch.fixups) input.fixups.push(f);
    }
    const records = input.calls.length + input.activities.length + input.fixups.length;
    const started = performance.now();
    try {
      const outcome = await this.commit!.run(input, this.policy);
      const seconds = (performance.now() - started) / 1000;
      this.stats.commits++;
      this.stats.committedCalls += outcome.calls.length;
      this.stats.duplicateSpans += outcome.duplicates;
      if (outcome.lookedUp) this.stats.databaseLookups++;
      this.stats.commitSecondsTotal += seconds;
      this.stats.lastCommitSeconds = seconds;
      this.observeCommit(seconds);
      this.stats.queuedRecords -= records;
      this.tell({ calls: outcome.calls, activities: outcome.activities, moved: outcome.moved });
      return () => {
        for (const w of group) w.resolve();
      };
    } catch (error) {
      this.stats.queuedRecords -= records;
      console.error('tokentally: group commit failed; the senders will retry:', (error as Error).message);
      const retry = new RetryableError(`storing spans failed: ${(error as Error).message}`, 1_000);
      for (const w of group) w.reject(retry);
      return () => {};
    }
  }

  /** Tells every listener what a commit stored or moved; one that throws does not keep it from the others. */
  private tell(committed: CommittedBatch): void {
    for (const listener of this.listeners) {
      try {
        listener.onCommit(committed);
      } catch (error) {
        console.error('tokentally: a commit listener failed', error);
      }
    }
  }

  /** Drains: everything already accepted is committed before the connection closes. */
  async shutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    clearTimeout(this.leftoverTimer);
    while (this.flushing) await this.flushing;
    if (this.queue.length > 0 || this.exclusiveTasks.length > 0) {
      this.flushing = this.drain();
      await this.flushing;
      this.flushing = undefined;
    }
    await this.mergeRollups();
    await this.mergeLeftoverRuns(true);
    await this.saveRunKeys();
    this.commit?.close();
    this.connection?.closeSync();
    this.connection = undefined;
    this.commit = undefined;
  }
}
