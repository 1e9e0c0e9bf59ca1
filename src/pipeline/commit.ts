import type { ActivityRecord, CallRecord } from './records.js';

/**
 * What the DuckDB exporter tells listeners (budgets, metrics) after a group commit: exactly the
 * records that were newly stored (duplicates already removed), so totals built from these
 * notifications equal the totals in the file.
 */
export interface CommittedBatch {
  calls: CallRecord[];
  activities: ActivityRecord[];
}

export interface CommitListener {
  onCommit(batch: CommittedBatch): void;
}
