import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { ActivityRecord, CallRecord } from '../../pipeline/records.js';
import type { AgentFixup } from '../../pipeline/batch.js';
import { namedQuery } from '../../storage/reader.js';
import { CallRowWriter } from './call-rows.js';
import { ActivityRowWriter } from './activity-rows.js';
import type { Dictionary } from './dictionary.js';
import { hexHalves } from './column-buffers.js';
import { RollupDelta } from './rollup-delta.js';

export interface CommitInput {
  calls: CallRecord[];
  activities: ActivityRecord[];
  fixups: AgentFixup[];
}

export interface CommitOutcome {
  /** The records that were new, in arrival order (already-stored spans removed). */
  calls: CallRecord[];
  activities: ActivityRecord[];
  duplicateCalls: number;
}

const spanKey = (traceId: string, spanId: string) => traceId + spanId;

function keyOfHalves(traceHi: bigint, traceLo: bigint, spanId: bigint): string {
  return traceHi.toString(16).padStart(16, '0') + traceLo.toString(16).padStart(16, '0') + spanId.toString(16).padStart(16, '0');
}

/** A call repeated inside one commit group is stored once (the first). */
function firstOfEach<T extends { traceId: string; spanId: string }>(records: T[]): T[] {
  const seen = new Set<string>();
  return records.filter((r) => {
    const key = spanKey(r.traceId, r.spanId);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The temp tables a commit group is staged in, each with an appender kept open between commits. */
const STAGING_TABLES = ['staging_calls', 'staging_activity', 'hourly_delta', 'runs_delta', 'run_agents_delta'] as const;
type StagingTable = (typeof STAGING_TABLES)[number];

/** Micros since the epoch as a TIMESTAMPTZ literal (our own numbers, so inlining is safe). */
const timestampLiteral = (us: number) => `'${new Date(us / 1000).toISOString()}'::TIMESTAMPTZ`;

/**
 * One group commit: the statements of queries/write/ in one transaction on the exporter's own
 * connection. Rows are staged in temp tables, spans already stored are removed (idempotent
 * ingest without a primary key on the hot table), the rest is appended and the roll-ups are
 * merged from deltas summed in JS, so the totals always equal the stored records.
 *
 * The connection is awaited as few times as possible (three round trips in the common case):
 * under load the event loop is busy decoding requests, and every await of the commit waits
 * behind that work.
 */
export class GroupCommit {
  private readonly callWriter = new CallRowWriter();
  private readonly activityWriter = new ActivityRowWriter();

  private constructor(
    private readonly con: DuckDBConnection,
    private readonly dict: Dictionary,
    private readonly appenders: Record<StagingTable, DuckDBAppender>,
    private readonly finishSql: { plain: string; withFixups: string },
  ) {}

  static async prepare(con: DuckDBConnection, dict: Dictionary): Promise<GroupCommit> {
    await con.run(namedQuery('write/setup_temp_tables'));
    const appenders = {} as Record<StagingTable, DuckDBAppender>;
    for (const table of STAGING_TABLES) appenders[table] = await con.createAppender(table, 'main', 'temp');
    const merges = ['merge_hourly_usage', 'merge_daily_usage', 'merge_run_agents', 'merge_runs'].map((q) => namedQuery(`write/${q}`));
    const head = ['INSERT INTO llm_calls_raw SELECT * FROM staging_calls;', 'INSERT INTO activity SELECT * FROM staging_activity;', ...merges];
    const tail = [namedQuery('write/clear_staging'), 'COMMIT;'];
    return new GroupCommit(con, dict, appenders, {
      plain: [...head, ...tail].join('\n'),
      withFixups: [...head, namedQuery('write/drop_empty_rollups'), ...tail].join('\n'),
    });
  }

  async run(input: CommitInput): Promise<CommitOutcome> {
    const calls = firstOfEach(input.calls);
    const activities = firstOfEach(input.activities);
    try {
      // Staged rows live and die inside the transaction: committed-then-deleted temp rows
      // would pile up as old versions and slow every later commit.
      await this.con.run('BEGIN TRANSACTION');
      this.stage('staging_calls', (a) => this.callWriter.append(a, calls, this.dict));
      this.stage('staging_activity', (a) => this.activityWriter.append(a, activities));
      const duplicates = calls.length > 0 ? await this.removeStoredCalls(calls) : new Set<string>();
      const activityDuplicates = activities.length > 0 ? await this.removeStoredActivity() : new Set<string>();
      const freshCalls = duplicates.size === 0 ? calls : calls.filter((c) => !duplicates.has(spanKey(c.traceId, c.spanId)));
      const freshActivities = activityDuplicates.size === 0 ? activities : activities.filter((a) => !activityDuplicates.has(spanKey(a.traceId, a.spanId)));
      await this.dict.persist(this.con);
      this.stageRollups(freshCalls, freshActivities);
      if (input.fixups.length > 0) await this.applyFixups(input.fixups);
      await this.con.run(input.fixups.length > 0 ? this.finishSql.withFixups : this.finishSql.plain);
      this.dict.committed();
      return { calls: freshCalls, activities: freshActivities, duplicateCalls: input.calls.length - freshCalls.length };
    } catch (error) {
      await this.con.run('ROLLBACK').catch(() => undefined);
      this.dict.rolledBack();
      await this.con.run(namedQuery('write/clear_staging')).catch(() => undefined);
      throw error;
    }
  }

  private stage(table: StagingTable, fill: (appender: DuckDBAppender) => void): void {
    const appender = this.appenders[table];
    fill(appender);
    appender.flushSync();
  }

  /**
   * Removes staged calls already stored and returns their keys. The start_time range lets zone
   * maps skip every row group outside the batch's time span.
   */
  private async removeStoredCalls(calls: CallRecord[]): Promise<Set<string>> {
    let min = calls[0]!.startUs;
    let max = min;
    for (const c of calls) {
      if (c.startUs < min) min = c.startUs;
      if (c.startUs > max) max = c.startUs;
    }
    const sql = namedQuery('write/remove_stored_calls').replaceAll('$1', timestampLiteral(min - 1000)).replaceAll('$2', timestampLiteral(max + 1000));
    const removed = await this.con.runAndReadAll(sql);
    return new Set(removed.getRows().map(([hi, lo, span]) => keyOfHalves(hi as bigint, lo as bigint, span as bigint)));
  }

  private async removeStoredActivity(): Promise<Set<string>> {
    const removed = await this.con.runAndReadAll(namedQuery('write/remove_stored_activity'));
    return new Set(removed.getRows().map(([trace, span]) => spanKey(String(trace), String(span))));
  }

  /** Sums the new records into the *_delta temp tables (see RollupDelta). */
  private stageRollups(calls: CallRecord[], activities: ActivityRecord[]): void {
    const delta = new RollupDelta();
    for (const c of calls) delta.addCall(c);
    for (const a of activities) delta.addActivity(a);
    if (delta.empty) return;
    this.stage('hourly_delta', (a) => delta.appendHourly(a));
    this.stage('runs_delta', (a) => delta.appendRuns(a));
    this.stage('run_agents_delta', (a) => delta.appendRunAgents(a));
  }

  /** Withdraws the fixed records' contributions under the old agent, re-attributes, adds them back. */
  private async applyFixups(fixups: AgentFixup[]): Promise<void> {
    const appender = await this.con.createAppender('fixup_keys', 'main', 'temp');
    for (const f of fixups) {
      const [th, tl] = hexHalves(f.traceId, 0);
      const [lh, ll] = hexHalves(f.traceId, 16);
      const [sh, sl] = hexHalves(f.spanId, 0);
      appender.appendUBigInt((BigInt(th) << 32n) | BigInt(tl));
      appender.appendUBigInt((BigInt(lh) << 32n) | BigInt(ll));
      appender.appendUBigInt((BigInt(sh) << 32n) | BigInt(sl));
      appender.appendInteger(this.dict.id(f.tenant));
      appender.appendInteger(this.dict.id(f.agent));
      appender.endRow();
    }
    appender.flushSync();
    appender.closeSync();
    // The new agent names must exist in dict before the +1 delta joins on them.
    await this.dict.persist(this.con);
    const [calls, activity] = ['write/delta_from_fixups', 'write/delta_from_activity_fixups'].map((q) => namedQuery(q));
    const withSign = (sign: number) => `${calls!.replaceAll('$1', String(sign))}\n${activity!.replaceAll('$1', String(sign))}`;
    // The inserts of this group run later, in the finishing batch; fix-ups for records staged in
    // this same group must therefore see them: insert first, then withdraw/apply/add.
    await this.con.run(['INSERT INTO llm_calls_raw SELECT * FROM staging_calls;', 'INSERT INTO activity SELECT * FROM staging_activity;', 'DELETE FROM staging_calls;', 'DELETE FROM staging_activity;', withSign(-1), namedQuery('write/apply_fixups'), withSign(1), namedQuery('write/fixup_deltas')].join('\n'));
  }

  close(): void {
    for (const appender of Object.values(this.appenders)) appender.closeSync();
  }
}
