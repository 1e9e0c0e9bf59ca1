import type { ActivityRecord, CallRecord } from './records.js';

/**
 * What the DuckDB exporter tells listeners (budgets, metrics) after a group commit: exactly the
 * records that were newly stored (duplicates already removed), so totals built from these
 * notifications equal the totals in the file.
 */
export interface CommittedBatch {
  calls: CallRecord[];
  activities: ActivityRecord[];
  /** Spend of records stored earlier that fix-ups moved to another agent or run in this commit. */
  moved?: SpendFact[];
}

/**
 * One record's contribution to spend, named as the roll-up tables name it: model is the response
 * model, else the request model (the tool or cost name for priced activity); task type is ''
 * when none. Budgets count committed records this way; a fix-up moves a stored record as two of
 * them: withdrawn (calls -1, cost negated) under the agent and run it was stored with, added
 * (calls 1) under those its late ancestors named.
 */
export interface SpendFact {
  tenant: string;
  runId: string;
  agent: string;
  model: string;
  taskType: string;
  timeMs: number;
  /** Nano-dollars, negative for a withdrawal; null when unpriced. */
  costNanos: number | null;
  calls: 1 | -1;
}

export interface CommitListener {
  onCommit(batch: CommittedBatch): void;
}
