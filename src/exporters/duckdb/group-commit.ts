import type { DuckDBConnection } from '@duckdb/node-api';
import type { ActivityRecord, CallRecord } from '../../pipeline/records.js';
import type { AgentFixup } from '../../pipeline/batch.js';
import { namedQuery } from '../../storage/reader.js';
import { CallRowWriter } from './call-rows.js';
import { ActivityRowWriter } from './activity-rows.js';
import type { Dictionary } from './dictionary.js';
import { hexHalves } from './column-buffers.js';

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

/**
 * One group commit: every statement of queries/write/ in one transaction on the exporter's own
 * connection. Rows are staged in temp tables, spans already stored are removed (idempotent
 * ingest without a primary key on the hot table), the rest is appended and the roll-ups are
 * updated from the same staged rows, so the totals always equal the stored calls.
 */
export class GroupCommit {
  private readonly callWriter = new CallRowWriter();
  private readonly activityWriter = new ActivityRowWriter();

  constructor(private readonly con: DuckDBConnection, private readonly dict: Dictionary) {}

  static async prepare(con: DuckDBConnection, dict: Dictionary): Promise<GroupCommit> {
    await con.run(namedQuery('write/setup_temp_tables'));
    return new GroupCommit(con, dict);
  }

  async run(input: CommitInput): Promise<CommitOutcome> {
    const con = this.con;
    const calls = firstOfEach(input.calls);
    const activities = firstOfEach(input.activities);
    await con.run('BEGIN TRANSACTION');
    try {
      const duplicates = calls.length > 0 ? await this.stageCalls(calls) : new Set<string>();
      const activityDuplicates = activities.length > 0 ? await this.stageActivities(activities) : new Set<string>();
      await this.dict.persist(con);
      await con.run('INSERT INTO llm_calls_raw SELECT * FROM staging_calls');
      await con.run('INSERT INTO activity SELECT * FROM staging_activity');
      await con.run(namedQuery('write/delta_from_staging'));
      await con.run(namedQuery('write/delta_from_staging_activity'));
      // After the inserts, so a fix-up may name a record stored in this same commit group.
      if (input.fixups.length > 0) await this.applyFixups(input.fixups);
      for (const statement of ['upsert_hourly_usage', 'upsert_daily_usage', 'upsert_run_agents', 'upsert_runs_from_calls', 'upsert_runs_from_activity']) {
        await con.run(namedQuery(`write/${statement}`));
      }
      if (input.fixups.length > 0) await con.run(namedQuery('write/drop_empty_rollups'));
      await con.run(namedQuery('write/clear_staging'));
      await con.run('COMMIT');
      this.dict.committed();
      return {
        calls: duplicates.size === 0 ? calls : calls.filter((c) => !duplicates.has(spanKey(c.traceId, c.spanId))),
        activities: activityDuplicates.size === 0 ? activities : activities.filter((a) => !activityDuplicates.has(spanKey(a.traceId, a.spanId))),
        duplicateCalls: input.calls.length - calls.length + duplicates.size,
      };
    } catch (error) {
      await con.run('ROLLBACK').catch(() => undefined);
      this.dict.rolledBack();
      await con.run(namedQuery('write/clear_staging')).catch(() => undefined);
      throw error;
    }
  }

  /** Stages calls and removes those already stored; returns the removed keys. */
  private async stageCalls(calls: CallRecord[]): Promise<Set<string>> {
    const appender = await this.con.createAppender('staging_calls', 'main', 'temp');
    this.callWriter.append(appender, calls, this.dict);
    appender.flushSync();
    appender.closeSync();
    let min = calls[0]!.startUs;
    let max = min;
    for (const c of calls) {
      if (c.startUs < min) min = c.startUs;
      if (c.startUs > max) max = c.startUs;
    }
    const removed = await this.con.runAndReadAll(namedQuery('write/remove_stored_calls'), [
      new Date(Math.floor(min / 1000)).toISOString(),
      new Date(Math.ceil(max / 1000) + 1).toISOString(),
    ]);
    return new Set(removed.getRows().map(([hi, lo, span]) => keyOfHalves(hi as bigint, lo as bigint, span as bigint)));
  }

  private async stageActivities(activities: ActivityRecord[]): Promise<Set<string>> {
    const appender = await this.con.createAppender('staging_activity', 'main', 'temp');
    this.activityWriter.append(appender, activities);
    appender.flushSync();
    appender.closeSync();
    const removed = await this.con.runAndReadAll(namedQuery('write/remove_stored_activity'));
    return new Set(removed.getRows().map(([trace, span]) => spanKey(String(trace), String(span))));
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
    for (const query of ['write/delta_from_fixups', 'write/delta_from_activity_fixups']) await this.con.run(namedQuery(query), [-1]);
    await this.con.run(namedQuery('write/apply_fixups'));
    for (const query of ['write/delta_from_fixups', 'write/delta_from_activity_fixups']) await this.con.run(namedQuery(query), [1]);
  }
}
