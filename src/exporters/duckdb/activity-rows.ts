import { TIMESTAMPTZ, type DuckDBAppender } from '@duckdb/node-api';
import type { ActivityRecord } from '../../pipeline/records.js';
import { ChunkWriter, bigintColumn, int64Column, moneyColumn, varcharColumn, type ColumnSpec } from './chunk-writer.js';

/** What the columns of one append share. */
interface GroupState {
  seq: number;
}

/**
 * activity, column by column, in table order (queries/migrations/007_activity_commit_seq.sql).
 * A test compares this list with the table so the two cannot drift apart.
 */
function activityColumns(group: GroupState): ColumnSpec<ActivityRecord>[] {
  const optional = (value: string | null) => (value === '' ? null : value);
  return [
    varcharColumn('trace_id', (a) => a.traceId),
    varcharColumn('span_id', (a) => a.spanId),
    varcharColumn('parent_span_id', (a) => optional(a.parentSpanId)),
    int64Column('start_time', TIMESTAMPTZ, (a) => a.startUs),
    int64Column('end_time', TIMESTAMPTZ, (a) => a.endUs),
    varcharColumn('tenant', (a) => a.tenant),
    varcharColumn('run_id', (a) => a.runId),
    varcharColumn('agent', (a) => a.agent),
    varcharColumn('session_id', (a) => a.sessionId),
    varcharColumn('task_type', (a) => a.taskType),
    varcharColumn('event_type', (a) => a.eventType),
    varcharColumn('name', (a) => a.name),
    varcharColumn('status', (a) => a.status),
    varcharColumn('error_type', (a) => a.errorType),
    moneyColumn('cost', (a) => a.costNanos),
    bigintColumn('duration_ms', (a) => Math.max(0, Math.round((a.endUs - a.startUs) / 1000))),
    varcharColumn('attributes', (a) => optional(a.attributesJson)),
    varcharColumn('price_source', (a) => a.priceSource),
    bigintColumn('commit_seq', () => group.seq),
  ];
}

/**
 * Appends ActivityRecords to a table shaped like `activity` (see ChunkWriter): agent traffic has
 * about a tool call for every other model call, and row-by-row appends (a value object each)
 * cost ~8 µs a row here.
 */
export class ActivityRowWriter {
  private readonly group: GroupState = { seq: 0 };
  private readonly writer = new ChunkWriter(activityColumns(this.group));

  get columnNames(): string[] {
    return this.writer.columnNames;
  }

  /** `commitSeq`: the group commit storing them (see 007_activity_commit_seq.sql). */
  append(appender: DuckDBAppender, activities: readonly ActivityRecord[], commitSeq: number): void {
    this.group.seq = commitSeq;
    this.writer.append(appender, activities);
  }
}
