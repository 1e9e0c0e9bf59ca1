import type { DuckDBAppender } from '@duckdb/node-api';
import { DECIMAL, DuckDBDecimalValue, DuckDBTimestampTZValue } from '@duckdb/node-api';
import type { ActivityRecord } from '../../pipeline/records.js';

const MONEY = DECIMAL(18, 9);

/**
 * Appends ActivityRecords to a table shaped like `activity`. Tool and agent spans are a small
 * fraction of the traffic, so plain row-by-row appends are fast enough here. Columns in table
 * order: queries/migrations/001_core.sql, then price_source from 006_activity_price_source.sql.
 */
export class ActivityRowWriter {
  append(appender: DuckDBAppender, activities: readonly ActivityRecord[]): void {
    for (const a of activities) {
      appender.appendVarchar(a.traceId);
      appender.appendVarchar(a.spanId);
      appendNullable(appender, a.parentSpanId === '' ? null : a.parentSpanId);
      appender.appendTimestampTZ(new DuckDBTimestampTZValue(BigInt(a.startUs)));
      appender.appendTimestampTZ(new DuckDBTimestampTZValue(BigInt(a.endUs)));
      appender.appendVarchar(a.tenant);
      appender.appendVarchar(a.runId);
      appender.appendVarchar(a.agent);
      appendNullable(appender, a.sessionId);
      appendNullable(appender, a.taskType);
      appender.appendVarchar(a.eventType);
      appender.appendVarchar(a.name);
      appender.appendVarchar(a.status);
      appendNullable(appender, a.errorType);
      if (a.costNanos === null) appender.appendNull();
      else appender.appendDecimal(new DuckDBDecimalValue(BigInt(a.costNanos), MONEY.width, MONEY.scale));
      appender.appendBigInt(BigInt(Math.max(0, Math.round((a.endUs - a.startUs) / 1000))));
      appendNullable(appender, a.attributesJson === '' ? null : a.attributesJson);
      appender.appendVarchar(a.priceSource);
      appender.endRow();
    }
  }
}

function appendNullable(appender: DuckDBAppender, value: string | null): void {
  if (value === null) appender.appendNull();
  else appender.appendVarchar(value);
}
