import type { ActivityRecord, CallRecord } from './records.js';

/**
 * What the DuckDB exporter tells listeners (budgets, metrics) after a group commit: exactly the
 * records that were newly stored (duplicates already removed), so totals built from these
 * notifications equal the totals in the file.
 */
export interface CommittedBatch {
  calls: CallRecord[];
  activities: ActivityRecord[];
  /** Spend of records stored earlier that agent fix-ups moved to another agent in this commit. */
  moved?: MovedSpend[];
}

/**
 * One stored record's spend as an agent fix-up moves it: withdrawn (sign -1) under the agent it
 * was stored with, added (sign +1) under the agent its late ancestor named. Named as the roll-ups
 * name them: model is the response model, else the request model (the tool name for activity).
 */
export interface MovedSpend {
  sign: 1 | -1;
  tenant: string;
  runId: string;
  agent: string;
  model: string;
  /** '' when none. */
  taskType: string;
  timeMs: number;
  /** null when unpriced. */
  costNanos: number | null;
}

export interface CommitListener {
  onCommit(batch: CommittedBatch): void;
}
