import { DuckDBTimestampTZValue, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import type { ActivityRecord, CallRecord } from '../../pipeline/records.js';
import type { LineageFixup } from '../../pipeline/batch.js';
import type { SpendFact } from '../../pipeline/commit.js';
import { namedQuery } from '../../storage/reader.js';
import { CallRowWriter } from './call-rows.js';
import { ActivityRowWriter } from './activity-rows.js';
import type { Dictionary } from './dictionary.js';
import { hexWord } from '../../util/hex-words.js';
import { RollupDelta } from './rollup-delta.js';
import { RollupRowWriters } from './rollup-rows.js';
import { KEY_WORDS, writeKey } from '../../util/span-key.js';
import { EncodedCall } from '../../pipeline/worker/encoded-call.js';
import { KeyTable, NONE, RecentKeys, later, type Latest } from './recent-keys.js';
import { RUN_WINDOW_ROWS, RunMerges, mergeSql, runsMergeSql, type NewRunKeys } from './run-merges.js';

/**
 * Span keys kept in memory per generation (two generations: 256k–512k most recent calls, 8 MiB
 * of fingerprints). At the ingest rates measured here that is seconds of traffic, more than the
 * time an exporter takes to retry; older resends are found in the database.
 */
export const RECENT_KEYS_PER_GENERATION = 262_144;

export interface CommitInput {
  calls: CallRecord[];
  activities: ActivityRecord[];
  fixups: LineageFixup[];
}

/** What the exporter decides for each commit, asked as late as possible (see GroupCommit.run). */
export interface CommitPolicy {
  /** Merge the roll-up deltas in this commit rather than leave them pending. */
  mergeNow(): boolean;
  /**
   * Begin the next transaction in this commit's last statement: under load another group (or a
   * merge) follows at once, and this saves the writer a round trip, an await that waits behind
   * the busy event loop. The exporter ends it with `finish()` when it runs out of work.
   */
  beginNext(): boolean;
}

const MERGE_EVERY_COMMIT: CommitPolicy = { mergeNow: () => true, beginNext: () => false };

export interface CommitOutcome {
  /** The records that were new, in arrival order (already-stored spans removed). */
  calls: CallRecord[];
  activities: ActivityRecord[];
  /** Calls and activity dropped as already stored (resent spans), told in memory or by the database. */
  duplicates: number;
  /** Whether the database was asked about spans older than the in-memory keys (see RecentKeys). */
  lookedUp: boolean;
  /**
   * What the fix-ups this commit applied moved between agents and runs: when it merged, those of
   * the group and of the commits since the last merge; otherwise none (they wait in the file).
   */
  moved: SpendFact[];
}

const spanKey = (traceId: string, spanId: string) => traceId + spanId;

function keyOfHalves(traceHi: bigint, traceLo: bigint, spanId: bigint): string {
  return traceHi.toString(16).padStart(16, '0') + traceLo.toString(16).padStart(16, '0') + spanId.toString(16).padStart(16, '0');
}

type Keyed = { traceId: string; spanId: string; startUs: number; endUs: number };

/** Records with their parsed keys (KEY_WORDS words each, in the same order) and their latest times. */
interface KeyedRecords<T extends Keyed> {
  records: T[];
  keys: Uint32Array;
  /** The latest start and end among `records` (or an upper bound: RecentKeys only needs one). */
  latest: Latest;
}

/**
 * The records of one kind (calls or activity) a group keeps after the in-memory checks, and the
 * start_time and end_time ranges of those that could match a row older than the in-memory keys
 * (empty, min > max, when none could).
 */
interface Kept<T extends Keyed> extends KeyedRecords<T> {
  look: { startMin: number; startMax: number; endMin: number; endMax: number };
}

/** Whether the database must be asked about some of `kept`. */
const asksDatabase = (kept: Kept<Keyed>) => kept.look.startMin <= kept.look.startMax;

/**
 * `kept` without the records the database already held (`stored`: their span keys). Their times
 * stay in `latest`: an upper bound is all RecentKeys needs.
 */
function withoutStored<T extends Keyed>(kept: Kept<T>, stored: Set<string>): KeyedRecords<T> {
  if (stored.size === 0) return kept;
  const records: T[] = [];
  const keys = new Uint32Array((kept.records.length - stored.size) * KEY_WORDS);
  kept.records.forEach((r, i) => {
    if (stored.has(spanKey(r.traceId, r.spanId))) return;
    keys.set(kept.keys.subarray(i * KEY_WORDS, (i + 1) * KEY_WORDS), records.length * KEY_WORDS);
    records.push(r);
  });
  return { records, keys, latest: kept.latest };
}

/** A merge's statements: those applying fix-ups (none without), then those merging the deltas. */
interface Merging {
  fixups: string[];
  merge: string[];
}

/** One commit's roll-up contribution, not yet in the file. */
interface CommitDelta {
  delta: RollupDelta;
  seq: number;
}

/** The new records' roll-up contribution (see RollupDelta); null when there is none. */
function sumRollups(calls: readonly CallRecord[], activities: readonly ActivityRecord[]): RollupDelta | null {
  const delta = new RollupDelta();
  for (const c of calls) delta.addCall(c);
  for (const a of activities) delta.addActivity(a);
  return delta.empty ? null : delta;
}

/** The rows of write/moved_spend.sql: the signed spend applied fix-ups moved, for the commit listeners (budgets). */
function movedSpend(rows: unknown[][]): SpendFact[] {
  return rows.map(([sign, tenant, runId, agent, model, taskType, timeMs, costNanos]) => ({
    calls: Number(sign) < 0 ? -1 : 1,
    tenant: String(tenant),
    runId: String(runId),
    agent: String(agent),
    model: String(model),
    taskType: String(taskType),
    timeMs: Number(timeMs),
    costNanos: costNanos === null ? null : Number(costNanos),
  }));
}

/**
 * The group's fix-ups with one per record: a record can be fixed up twice before a commit (its
 * agent when the agent span arrives, its run when the root does). Later fields win; a null field
 * keeps the earlier one (pending_fixups orders a record's fix-ups by commit, not within one).
 */
function oneFixupPerRecord(fixups: readonly LineageFixup[]): Iterable<LineageFixup> {
  if (fixups.length < 2) return fixups;
  const byKey = new Map<string, LineageFixup>();
  for (const f of fixups) {
    const key = `${f.tenant}\u0000${spanKey(f.traceId, f.spanId)}`;
    const earlier = byKey.get(key);
    byKey.set(key, earlier === undefined ? f : { ...f, agent: f.agent ?? earlier.agent, runId: f.runId ?? earlier.runId, sessionId: f.sessionId ?? earlier.sessionId });
  }
  return byKey.values();
}

function appendNullable(appender: DuckDBAppender, value: string | null): void {
  if (value === null) appender.appendNull();
  else appender.appendVarchar(value);
}

/** The earliest and latest start of the records that fix-ups waiting for a merge name (micros). */
interface FixupRange {
  from: number;
  to: number;
}

function widen(range: FixupRange | undefined, fixups: readonly LineageFixup[]): FixupRange {
  let { from, to } = range ?? { from: Infinity, to: -Infinity };
  for (const f of fixups) {
    from = Math.min(from, f.startUs);
    to = Math.max(to, f.startUs);
  }
  return { from, to };
}

/**
 * The statements that apply every fix-up waiting in pending_fixups (`range`: their records' start
 * times): withdraw the fixed records' roll-up contributions under their old agent and run,
 * re-attribute the rows, and add the contributions back (into delta_calls and rollup_pending_*),
 * to run in a merge after every delta is in the file: the rows past rollup_watermark must be ones
 * no applied fix-up changed (recovery re-adds them as stored).
 */
function applyFixupsSql(range: FixupRange): string[] {
  // Every statement that finds the fixed records is given their start_time range ($1, $2;
  // ± 1 ms, as the literals are whole milliseconds): zone maps then skip the other row groups.
  const query = (name: string) => namedQuery(`write/${name}`).replaceAll('$1', timestampLiteral(range.from - 1000)).replaceAll('$2', timestampLiteral(range.to + 1000));
  return [
    namedQuery('write/take_pending_fixups'),
    'DELETE FROM delta_calls;',
    query('delta_from_fixups'),
    query('delta_from_activity_fixups'),
    namedQuery('write/delta_to_new_lineage'),
    namedQuery('write/fixup_run_deltas'),
    query('apply_fixups'),
    namedQuery('write/fixup_deltas'),
    'DELETE FROM fixup_keys;',
  ];
}

/**
 * Brings the roll-ups up to date with the stored rows before anything reads them or writes again
 * (the exporter's start-up, offline re-pricing): a crash between merges leaves deltas pending in
 * the file, those of the commits since the last flush nowhere but in the rows themselves
 * (past rollup_watermark), which write/recover_rollup_deltas.sql adds again, and fix-ups waiting
 * in pending_fixups, applied after them. One transaction.
 */
export async function settleRollups(con: DuckDBConnection): Promise<void> {
  await con.run(namedQuery('write/setup_temp_tables'));
  await con.run('BEGIN TRANSACTION');
  try {
    await con.run(namedQuery('write/recover_rollup_deltas'));
    const [from, to] = (await con.runAndReadAll('SELECT epoch_us(min(start_time))::DOUBLE, epoch_us(max(start_time))::DOUBLE FROM pending_fixups')).getRows()[0]!;
    if (from !== null) await con.run(applyFixupsSql({ from: from as number, to: to as number }).join('\n'));
    const pending = await con.runAndReadAll('SELECT (SELECT count(*) FROM rollup_pending_hourly) + (SELECT count(*) FROM rollup_pending_runs) + (SELECT count(*) FROM rollup_pending_run_agents)');
    // Some may be fix-ups' (whose merge can leave roll-up rows empty): drop those at the same time.
    if (Number(pending.getRows()[0]![0]) > 0) await con.run(`${mergeSql('(SELECT seq FROM rollup_watermark)', null)}\n${namedQuery('write/drop_empty_rollups')}`);
    await con.run('COMMIT');
  } catch (error) {
    await con.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** The temp tables a commit group may be staged in, and a merge's new run keys (TEMP: never in the file). */
const STAGING_TABLES = ['staging_calls', 'staging_activity', 'new_runs', 'new_run_agents'] as const;
/**
 * The tables a commit appends to directly, inside its transaction. Calls and activity that need
 * no look-up in the database (the common case) go straight into llm_calls_raw and activity:
 * staging them and copying with INSERT … SELECT made DuckDB write every row twice (measured here:
 * 14.8 vs 8.4 µs of CPU a call for a 4,096-call group). Roll-up deltas go straight into
 * rollup_pending_*, and fix-ups into pending_fixups, for the same reason.
 */
const DIRECT_TABLES = ['llm_calls_raw', 'activity', 'rollup_pending_hourly', 'rollup_pending_runs', 'rollup_pending_run_agents', 'pending_fixups'] as const;
/** Each with an appender kept open between commits. */
type AppenderTable = (typeof STAGING_TABLES)[number] | (typeof DIRECT_TABLES)[number];

/** Micros since the epoch as a TIMESTAMPTZ literal (our own numbers, so inlining is safe). */
const timestampLiteral = (us: number) => `'${new Date(us / 1000).toISOString()}'::TIMESTAMPTZ`;

/**
 * One group commit: the statements of queries/write/ in one transaction on the exporter's own
 * connection. Calls and activity are appended straight into llm_calls_raw and activity, or, when
 * some could already be stored, staged so the stored ones are removed first (idempotent ingest
 * without primary keys); roll-up deltas summed in JS wait in memory (or, past a crash, in the rows
 * themselves) until a commit appends them to rollup_pending_* and merges them, so the totals always
 * equal the stored records.
 *
 * The connection is awaited as few times as possible (one round trip in the common case under
 * load): the event loop is busy decoding requests, and every await of the commit waits behind
 * that work.
 */
export class GroupCommit {
  private readonly callWriter: CallRowWriter;
  private readonly activityWriter = new ActivityRowWriter();
  private readonly rollupWriters = new RollupRowWriters();

  private constructor(
    private readonly con: DuckDBConnection,
    private readonly dict: Dictionary,
    private readonly appenders: Record<AppenderTable, DuckDBAppender>,
    private readonly sql: { insertStagedCalls: string; insertActivity: string },
    private readonly runMerges: RunMerges,
  ) {
    this.callWriter = new CallRowWriter(dict);
  }

  /** `runWindowRows`: see RUN_WINDOW_ROWS. */
  static async prepare(con: DuckDBConnection, dict: Dictionary, options: { recentKeys?: number; runWindowRows?: number } = {}): Promise<GroupCommit> {
    // Also creates the temp tables the appenders below write to.
    await settleRollups(con);
    const appenders = {} as Record<AppenderTable, DuckDBAppender>;
    for (const table of STAGING_TABLES) appenders[table] = await con.createAppender(table, 'main', 'temp');
    for (const table of DIRECT_TABLES) appenders[table] = await con.createAppender(table);
    const sql = { insertStagedCalls: 'INSERT INTO llm_calls_raw SELECT * FROM staging_calls;', insertActivity: 'INSERT INTO activity SELECT * FROM staging_activity;' };
    const runMerges = await RunMerges.load(con, options.runWindowRows ?? RUN_WINDOW_ROWS);
    const commit = new GroupCommit(con, dict, appenders, sql, runMerges);
    await commit.loadRecentKeys(options.recentKeys ?? RECENT_KEYS_PER_GENERATION);
    // Read from every stored row: a crash before the next save must not cost the next start-up
    // that again (a failure to save costs only that).
    if (runMerges.keysReadWhole) await commit.saveRunKeys().catch((error: Error) => console.error('tokentally: saving the run keys failed:', error.message));
    return commit;
  }

  /** Seen-span keys of the latest calls (see RecentKeys); everything older is checked in SQL. */
  private recent = new RecentKeys(RECENT_KEYS_PER_GENERATION);
  /** commit_seq of the next group: above every stored one, so the column grows with the table. */
  private nextSeq = 1;

  /**
   * Start-up: continue commit_seq after the stored maximum and load the keys of up to
   * `capacity` latest calls and activity, so that resends right after a restart are still told
   * in memory.
   */
  private async loadRecentKeys(capacity: number): Promise<void> {
    const one = async (sql: string) => (await this.con.runAndReadAll(sql)).getRows()[0]?.[0];
    const bothTables = `(SELECT commit_seq, start_time, end_time FROM llm_calls_raw UNION ALL SELECT commit_seq, start_time, end_time FROM activity)`;
    /** The latest start and end of the rows `where` picks. */
    const latestOf = async (where: string): Promise<Latest> => {
      const [start, end] = (await this.con.runAndReadAll(`SELECT epoch_us(max(start_time))::DOUBLE, epoch_us(max(end_time))::DOUBLE FROM ${bothTables} WHERE ${where}`)).getRows()[0]!;
      return start === null ? NONE : { startUs: start as number, endUs: end as number };
    };
    this.recent = new RecentKeys(capacity);
    this.nextSeq = Number((await one(`SELECT coalesce(max(commit_seq), 0) FROM ${bothTables}`)) as bigint) + 1;
    const cut = await one(`SELECT commit_seq FROM ${bothTables} ORDER BY commit_seq DESC LIMIT 1 OFFSET ${capacity}`);
    const watermark = cut === undefined ? 0 : Number(cut as bigint) + 1;
    this.recent.reset(watermark, watermark === 0 ? NONE : await latestOf(`commit_seq < ${watermark}`));
    const calls = await this.con.runAndReadAll(`
      SELECT (trace_hi >> 32)::UINTEGER, (trace_hi & 4294967295)::UINTEGER, (trace_lo >> 32)::UINTEGER, (trace_lo & 4294967295)::UINTEGER,
        (span_id >> 32)::UINTEGER, (span_id & 4294967295)::UINTEGER
      FROM llm_calls_raw WHERE commit_seq >= ${watermark}`);
    const activity = await this.con.runAndReadAll(`SELECT trace_id, span_id FROM activity WHERE commit_seq >= ${watermark}`);
    const callColumns = calls.getColumns() as number[][];
    const activityColumns = activity.getColumns() as [string[], string[]];
    const keys = new Uint32Array((calls.currentRowCount + activity.currentRowCount) * KEY_WORDS);
    for (let i = 0; i < calls.currentRowCount; i++) {
      for (let w = 0; w < KEY_WORDS; w++) keys[i * KEY_WORDS + w] = callColumns[w]![i]!;
    }
    for (let i = 0; i < activity.currentRowCount; i++) {
      writeKey(activityColumns[0][i]!, activityColumns[1][i]!, keys, (calls.currentRowCount + i) * KEY_WORDS);
    }
    if (keys.length > 0) this.recent.addCommit(keys, watermark, await latestOf(`commit_seq >= ${watermark}`));
  }

  /**
   * The roll-up deltas of the commits since the last flush, each with its commit's seq: held
   * here, not appended to rollup_pending_* every commit (three appends cost ~1.9 ms a commit
   * however small the deltas). The rows of those commits are past rollup_watermark, so start-up
   * adds them again from the rows if the process dies first (write/recover_rollup_deltas.sql).
   */
  private unflushed: CommitDelta[] = [];

  /** The start times of the records named by the committed fix-ups in pending_fixups; none there when undefined. */
  private pendingFixups: FixupRange | undefined;

  /** Whether committed roll-up deltas or fix-ups wait (in the file or here) to be merged. */
  get pendingRollups(): boolean {
    return this.unflushed.length > 0 || this.pendingFixups !== undefined;
  }

  /**
   * The statements of a merge, after the deltas are flushed: the fix-ups in pending_fixups
   * (`fixups`: their range) applied, every pending delta merged into the roll-ups and cleared.
   * Applied fix-ups can leave roll-up rows without calls, which the merge then drops
   * (write/drop_empty_rollups, a scan of the roll-ups, so not every merge).
   */
  private merging(fixups: FixupRange | undefined, seq: number): Merging {
    if (fixups === undefined) return { fixups: [], merge: [this.runMerges.mergeSql(seq)] };
    this.runMerges.fixupsApplied();
    return { fixups: applyFixupsSql(fixups), merge: [this.runMerges.mergeSql(seq), namedQuery('write/drop_empty_rollups')] };
  }

  /**
   * Runs `before`, the merge's statements and `after` in order. With fix-ups, in two round trips:
   * the keys they move records to are read in between, and those never seen marked new, so that
   * the merge inserts the runs and run agents fix-ups create rather than leave them pending.
   */
  private async executeMerge(before: string[], merging: Merging, after: string[], readMoved: boolean): Promise<SpendFact[]> {
    if (merging.fixups.length === 0) return this.execute([...before, ...merging.merge, ...after].join('\n'), readMoved);
    const targets = await this.con.runAndReadAll([...before, ...merging.fixups, namedQuery('write/fixup_targets')].join('\n'));
    this.stageNewKeys(this.runMerges.newStoredKeys(targets.getRows()));
    return this.execute([...merging.merge, ...after].join('\n'), readMoved);
  }

  /** Runs `sql`; with `readMoved`, its last statement is write/moved_spend and its rows are returned. */
  private async execute(sql: string, readMoved: boolean): Promise<SpendFact[]> {
    if (!readMoved) {
      await this.con.run(sql);
      return [];
    }
    return movedSpend((await this.con.runAndReadAll(sql)).getRows());
  }
  /** Whether the last commit already began the next group's transaction. */
  private transactionOpen = false;

  /**
   * Begins a transaction unless the last commit already did. Not async when it did: the writer's
   * commits follow one another in a chain that bounds ingest, and an await there lets whatever
   * else the event loop holds run inside it (measured: ~0.4 µs a span of the chain's ~11 went to
   * this await and the dictionary's, under load).
   */
  private begin(): Promise<unknown> | undefined {
    if (!this.transactionOpen) return this.con.run('BEGIN TRANSACTION');
    this.transactionOpen = false;
    return undefined;
  }

  /** Commits the (empty) transaction a commit began for work that did not come. */
  async finish(): Promise<void> {
    if (!this.transactionOpen) return;
    this.transactionOpen = false;
    await this.con.run('COMMIT');
  }

  /**
   * Merges every pending roll-up delta and applies every pending fix-up in its own transaction (a
   * no-op when there is none); returns the spend the fix-ups moved.
   */
  async mergeRollups(): Promise<SpendFact[]> {
    if (!this.pendingRollups) return [];
    return this.inOwnTransaction(async () => {
      const fixups = this.pendingFixups;
      const seq = this.nextSeq - 1;
      const after = ['COMMIT;'];
      if (fixups) after.push(namedQuery('write/moved_spend'));
      const moved = await this.executeMerge([this.flushRollups(this.unflushed, seq)], this.merging(fixups, seq), after, fixups !== undefined);
      this.unflushed = [];
      this.runMerges.merged(seq, false);
      this.pendingFixups = undefined;
      return moved;
    });
  }

  /**
   * Runs `work` in a transaction of its own (the one a commit kept open, or a new one); `work`
   * commits it, and a failure rolls it back.
   */
  private async inOwnTransaction<T>(work: () => Promise<T>): Promise<T> {
    await this.begin();
    try {
      return await work();
    } catch (error) {
      await this.con.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /**
   * Commits one group. Its roll-up deltas are committed as pending with it, and merged into the
   * roll-ups in the same transaction when `mergeNow()` says so (asked as late as possible: the
   * exporter says yes when no other group waits, so a client that got its ack reads up-to-date
   * roll-ups under light load). Fix-ups wait for a merge too, in pending_fixups: the merge
   * re-attributes the fixed rows, withdraws their contributions from the old agent and run and adds
   * them to the new ones.
   */
  async run(input: CommitInput, policy: CommitPolicy = MERGE_EVERY_COMMIT): Promise<CommitOutcome> {
    const seq = this.nextSeq;
    // Spans committed recently are told in memory; the database is asked only about records that
    // could match a row older than what memory holds (see RecentKeys). A span repeated inside the
    // group is stored once (the first), told by the same parsed key. Calls and activity share
    // one key space: a span is one or the other.
    const inGroup = new KeyTable(input.calls.length + input.activities.length);
    const calls = this.keep(input.calls, inGroup);
    const activities = this.keep(input.activities, inGroup);
    let committing: Promise<SpendFact[]> | undefined;
    let remembered = false;
    try {
      // Staged rows live and die inside the transaction: committed-then-deleted temp rows
      // would pile up as old versions and slow every later commit. Appends join the
      // transaction: a rollback takes them back.
      const begun = this.begin();
      if (begun) await begun;
      const lookUpCalls = asksDatabase(calls);
      const lookUpActivity = asksDatabase(activities);
      this.stage(lookUpCalls ? 'staging_calls' : 'llm_calls_raw', (a) => this.callWriter.append(a, calls.records, seq, calls.keys));
      if (activities.records.length > 0) {
        this.stage(lookUpActivity ? 'staging_activity' : 'activity', (a) => this.activityWriter.append(a, activities.records, seq));
      }
      const storedCalls = lookUpCalls ? await this.removeStored('write/remove_stored_calls', calls, ([hi, lo, span]) => keyOfHalves(hi as bigint, lo as bigint, span as bigint)) : new Set<string>();
      const storedActivity = lookUpActivity ? await this.removeStored('write/remove_stored_activity', activities, ([trace, span]) => spanKey(String(trace), String(span))) : new Set<string>();
      const freshCalls = withoutStored(calls, storedCalls);
      const freshActivities = withoutStored(activities, storedActivity);
      // Before the dictionary is persisted: fix-ups may name new agents. They wait in the file
      // for the next merge, which applies them all at once (migration 011).
      const fixups = input.fixups.length > 0;
      if (fixups) this.stagePendingFixups(input.fixups, seq);
      const pendingFixups = fixups ? widen(this.pendingFixups, input.fixups) : this.pendingFixups;
      if (this.dict.hasPending) await this.dict.persist(this.con);
      // The group's roll-up delta is summed before the commit only when the commit needs it
      // (to tell whether there is anything to merge, or to write it); otherwise while DuckDB
      // commits, off the writer's chain.
      const sum = () => sumRollups(freshCalls.records, freshActivities.records);
      const mayMerge = this.unflushed.length > 0 || pendingFixups !== undefined;
      let delta = mayMerge ? undefined : sum();
      const merge = (mayMerge || delta !== null) && policy.mergeNow();
      if (merge && delta === undefined) delta = sum();
      // A merge puts every delta in the file first, this group's own rows included.
      const parts = merge ? [this.flushRollups(delta ? [...this.unflushed, { delta, seq }] : this.unflushed, seq)] : [];
      if (lookUpCalls) parts.push(this.sql.insertStagedCalls);
      if (lookUpActivity) parts.push(this.sql.insertActivity);
      // After the inserts: a fix-up may be for a record of this very group.
      const merging = merge ? this.merging(pendingFixups, seq) : { fixups: [], merge: [] };
      // Only the temp tables this group filled are emptied: each DELETE is a statement of its own.
      const after: string[] = [];
      if (lookUpCalls) after.push('DELETE FROM staging_calls;');
      if (lookUpActivity) after.push('DELETE FROM staging_activity;');
      after.push('COMMIT;');
      const keepOpen = policy.beginNext();
      if (keepOpen) after.push('BEGIN TRANSACTION;');
      // What applied fix-ups moved is read in the same round trip, by the last statement
      // (delta_calls keeps it until the next fix-ups are applied).
      const readMoved = merge && pendingFixups !== undefined;
      if (readMoved) after.push(namedQuery('write/moved_spend'));
      committing = this.executeMerge(parts, merging, after, readMoved);
      // While DuckDB commits: the delta, if not summed yet, and the stored keys, taken for
      // committed now and forgotten again if the commit fails.
      if (delta === undefined) delta = sum();
      this.remember(seq, freshCalls, freshActivities);
      remembered = true;
      const moved = await committing;
      this.transactionOpen = keepOpen;
      this.nextSeq = seq + 1;
      if (merge) {
        this.unflushed = [];
        this.runMerges.merged(seq, false);
      } else if (delta !== null) this.unflushed.push({ delta, seq });
      this.pendingFixups = merge ? undefined : pendingFixups;
      this.dict.committed();
      return {
        calls: freshCalls.records,
        activities: freshActivities.records,
        duplicates: input.calls.length - freshCalls.records.length + input.activities.length - freshActivities.records.length,
        lookedUp: lookUpCalls || lookUpActivity,
        moved,
      };
    } catch (error) {
      this.transactionOpen = false;
      if (remembered) this.recent.forgetAllFrom(seq);
      // The connection must be done with the commit (whatever became of it) before it rolls back.
      await committing?.catch(() => undefined);
      await this.con.run('ROLLBACK').catch(() => undefined);
      this.dict.rolledBack();
      await this.con.run(namedQuery('write/clear_staging')).catch(() => undefined);
      throw error;
    }
  }

  /**
   * The records not already held in memory (recent commits) or earlier in the group, with their
   * keys and latest times, and the time ranges of those the database must still be asked about.
   */
  private keep<T extends Keyed>(records: readonly T[], inGroup: KeyTable): Kept<T> {
    const allKeys = new Uint32Array(records.length * KEY_WORDS);
    const kept: T[] = [];
    const look = { startMin: Infinity, startMax: -Infinity, endMin: Infinity, endMax: -Infinity };
    let latestStart = -Infinity;
    let latestEnd = -Infinity;
    for (const r of records) {
      const at = kept.length * KEY_WORDS;
      // A call from the hand-over brings its key parsed.
      if (r instanceof EncodedCall) r.writeKey(allKeys, at);
      else writeKey(r.traceId, r.spanId, allKeys, at);
      if (this.recent.has(allKeys, at) || !inGroup.add(allKeys, at)) continue;
      kept.push(r);
      const { startUs, endUs } = r;
      if (startUs > latestStart) latestStart = startUs;
      if (endUs > latestEnd) latestEnd = endUs;
      if (this.recent.mayBeBelow(startUs, endUs)) {
        if (startUs < look.startMin) look.startMin = startUs;
        if (startUs > look.startMax) look.startMax = startUs;
        if (endUs < look.endMin) look.endMin = endUs;
        if (endUs > look.endMax) look.endMax = endUs;
      }
    }
    const keys = kept.length < records.length ? allKeys.subarray(0, kept.length * KEY_WORDS) : allKeys;
    return { records: kept, keys, look, latest: kept.length === 0 ? NONE : { startUs: latestStart, endUs: latestEnd } };
  }

  /** After the commit: the stored records' keys join the recent ones, as commit `seq`. */
  private remember(seq: number, ...stored: Array<KeyedRecords<Keyed>>): void {
    const parts = stored.filter((s) => s.keys.length > 0);
    let keys = parts[0]?.keys ?? new Uint32Array(0);
    // Copied into one array only when both kinds were stored (chat traffic has no activity).
    if (parts.length > 1) {
      keys = new Uint32Array(parts.reduce((n, s) => n + s.keys.length, 0));
      let at = 0;
      for (const s of parts) {
        keys.set(s.keys, at);
        at += s.keys.length;
      }
    }
    this.recent.addCommit(keys, seq, parts.reduce((latest, s) => later(latest, s.latest), NONE));
  }

  private stage(table: AppenderTable, fill: (appender: DuckDBAppender) => void): void {
    const appender = this.appenders[table];
    try {
      fill(appender);
      appender.flushSync();
    } catch (error) {
      // Rows the failed flush left buffered must not reach the next commit.
      appender.clear();
      throw error;
    }
  }

  /**
   * Removes staged rows (`query`: calls or activity) already stored before the recent keys'
   * watermark, with a start_time and an end_time in the kept records' look-up ranges (± 1 ms), and
   * returns their keys as `keyOf` spells them. Zone maps on commit_seq, start_time and end_time let
   * DuckDB skip every row group outside the ranges (end_time's are the narrow ones: see RecentKeys).
   */
  private async removeStored(query: string, kept: Kept<Keyed>, keyOf: (row: unknown[]) => string): Promise<Set<string>> {
    const sql = namedQuery(query)
      .replaceAll('$1', timestampLiteral(kept.look.startMin - 1000))
      .replaceAll('$2', timestampLiteral(kept.look.startMax + 1000))
      .replaceAll('$4', timestampLiteral(kept.look.endMin - 1000))
      .replaceAll('$5', timestampLiteral(kept.look.endMax + 1000))
      .replaceAll('$3', String(this.recent.watermark));
    const removed = await this.con.runAndReadAll(sql);
    return new Set(removed.getRows().map(keyOf));
  }

  /**
   * Appends `deltas` to rollup_pending_*, in the open transaction (each commit's run rows with its
   * seq, which orders a run's last_status on equal end times), and returns the statement that
   * moves rollup_watermark to `seq`: from then on the file holds every delta up to it.
   */
  private flushRollups(deltas: readonly CommitDelta[], seq: number): string {
    if (deltas.length > 0) {
      this.stage('rollup_pending_hourly', (a) => this.rollupWriters.hourly.append(a, deltas.flatMap((d) => d.delta.hourlyRows)));
      this.stage('rollup_pending_runs', (a) => {
        for (const d of deltas) this.rollupWriters.appendRuns(a, d.delta.runRows, d.seq);
      });
      const runAgentRows = deltas.flatMap((d) => d.delta.runAgentRows);
      this.stage('rollup_pending_run_agents', (a) => this.rollupWriters.runAgents.append(a, runAgentRows));
      // Keys no stored row can have: the merge inserts them without looking (see RunMerges).
      this.stageNewKeys(this.runMerges.newKeys(deltas.flatMap((d) => d.delta.runRows), runAgentRows));
    }
    return `UPDATE rollup_watermark SET seq = ${seq};\n`;
  }

  /** Whether run deltas may wait for mergeLeftoverRuns. */
  get leftoverRunsMayWait(): boolean {
    return this.runMerges.leftoversMayWait;
  }

  /** Lists keys never stored for the merge being written (temp tables new_runs, new_run_agents). */
  private stageNewKeys(fresh: NewRunKeys): void {
    this.stage('new_runs', (a) => this.rollupWriters.runKeys.append(a, fresh.runs));
    this.stage('new_run_agents', (a) => this.rollupWriters.runAgentKeys.append(a, fresh.runAgents));
  }

  /**
   * Merges the run deltas earlier merges left pending (see RunMerges) in a transaction of its own,
   * looking through every stored run: the exporter decides when it can spare the time.
   */
  async mergeLeftoverRuns(): Promise<void> {
    if (!this.runMerges.leftoversMayWait) return;
    await this.inOwnTransaction(async () => {
      const seq = this.nextSeq - 1;
      const keys = (await this.con.runAndReadAll(namedQuery('write/pending_run_keys'))).getRows();
      // Before the merge inserts them: a key stored and not in the filter could be stored twice.
      this.runMerges.addStored(keys);
      await this.con.run(keys.length > 0 ? `${runsMergeSql(String(seq), null)}\nCOMMIT;` : 'COMMIT;');
      this.runMerges.merged(seq, true);
    });
  }

  /** After another writer (re-pricing) may have inserted run_agents rows: the run keys are read again. */
  async reloadRunKeys(): Promise<void> {
    await this.runMerges.reload(this.con);
  }

  /**
   * Saves the run keys in the file, so the next start-up reads only those stored after (see
   * RunKeyFilter.load), in a transaction of its own.
   */
  async saveRunKeys(): Promise<void> {
    await this.inOwnTransaction(async () => {
      await this.runMerges.saveKeys(this.con);
      await this.con.run('COMMIT');
    });
  }

  /** Appends the group's fix-ups (one a record) to pending_fixups, in the open transaction, as commit `seq`'s. */
  private stagePendingFixups(fixups: LineageFixup[], seq: number): void {
    this.stage('pending_fixups', (appender) => {
      for (const f of oneFixupPerRecord(fixups)) {
        for (const [hex, at] of [[f.traceId, 0], [f.traceId, 16], [f.spanId, 0]] as const) {
          appender.appendUBigInt((BigInt(hexWord(hex, at)) << 32n) | BigInt(hexWord(hex, at + 8)));
        }
        appender.appendInteger(this.dict.id(f.tenant));
        if (f.agent === null) appender.appendNull();
        else appender.appendInteger(this.dict.id(f.agent));
        appendNullable(appender, f.runId);
        appendNullable(appender, f.sessionId);
        appender.appendTimestampTZ(new DuckDBTimestampTZValue(BigInt(f.startUs)));
        appender.appendBigInt(BigInt(seq));
        appender.endRow();
      }
    });
  }

  close(): void {
    for (const appender of Object.values(this.appenders)) appender.closeSync();
  }
}
