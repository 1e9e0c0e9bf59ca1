import type { DuckDBConnection } from '@duckdb/node-api';
import { namedQuery } from '../../storage/reader.js';
import type { RunAgentRow, RunRow } from './rollup-delta.js';
import { RunKeyFilter, runAgentKey, runKey } from './run-key-filter.js';

/**
 * Rows of runs a merge looks through for the runs it continues, about: the merges that inserted
 * the latest this many rows, and the row groups of rows they changed since (README, "Runs as the
 * file grows"). A run last merged before that is left pending for the full merge.
 */
export const RUN_WINDOW_ROWS = 500_000;

type RunKey = Pick<RunRow, 'tenant' | 'runId'>;
type RunAgentKey = Pick<RunAgentRow, 'tenant' | 'runId' | 'agent'>;

/** The run and run-agent keys of a merge's deltas that no stored row can have. */
export interface NewRunKeys {
  runs: RunKey[];
  runAgents: RunAgentKey[];
}

interface MergedAt {
  seq: number;
  /** Rows the merges at `seq` inserted into runs. */
  rows: number;
}

/**
 * How the exporter merges run deltas into runs and run_agents, which have no index (migration
 * 012): looking a merge's runs up among every stored row was a scan of the whole table, ~110 ms a
 * merge at 5M runs (measured here), growing with the file. Instead:
 * - a run whose key the RunKeyFilter has never seen is new: inserted without looking;
 * - any other is looked for only among the rows recent merges changed (merged_seq >= the cutoff,
 *   see RUN_WINDOW_ROWS), which the zone maps find without reading the older row groups;
 * - what neither finds (a run last merged long ago, a filter false positive, a withdrawal from a
 *   run no longer there) stays pending until the full merge: the exporter runs it when it can
 *   spare the time, and always before a shutdown or re-pricing (queries/write/000_README.md).
 */
export class RunMerges {
  private constructor(
    private filter: RunKeyFilter,
    private readonly windowRows: number,
    /** Newest last; the first's seq is the cutoff. */
    private readonly window: MergedAt[],
  ) {
    this.windowTotal = window[0]!.rows;
  }

  /** The rows of every entry of the window. */
  private windowTotal: number;

  /** Whether deltas may wait for the full merge: a merge looked for runs it had seen before. */
  private mayWait = false;
  /** New run keys told (newKeys) since the last merge: the rows it inserts, for the window. */
  private newRuns = 0;

  get leftoversMayWait(): boolean {
    return this.mayWait;
  }

  /** A merge applies fix-ups: their run deltas name runs stored earlier, maybe behind the cutoff. */
  fixupsApplied(): void {
    this.mayWait = true;
  }

  /** After the roll-ups are settled (every pending delta merged): the stored keys and the cutoff. */
  static async load(con: DuckDBConnection, windowRows = RUN_WINDOW_ROWS): Promise<RunMerges> {
    // Rows from before migration 013 (merged_seq 0) are never in the window: a merge looking
    // through all of them would be the scan the window avoids; the full merge finds them.
    const [cutoff, rows] = (
      await con.runAndReadAll(`SELECT greatest(min(merged_seq), 1), count(*) FROM (SELECT merged_seq FROM runs WHERE merged_seq > 0 ORDER BY merged_seq DESC LIMIT ${windowRows})`)
    ).getRows()[0]!;
    return new RunMerges(await RunKeyFilter.load(con), windowRows, [{ seq: Number(cutoff), rows: Number(rows) }]);
  }

  /** Loads the stored keys again, after a writer other than the merges (re-pricing) inserted rows. */
  async reload(con: DuckDBConnection): Promise<void> {
    this.filter = await RunKeyFilter.load(con);
  }

  /** Whether the keys were read from every stored row (no saved filter to start from). */
  get keysReadWhole(): boolean {
    return this.filter.readWhole;
  }

  /** Saves the stored keys in the file (RunKeyFilter.save), in the caller's transaction. */
  saveKeys(con: DuckDBConnection): Promise<void> {
    return this.filter.save(con);
  }

  /** The keys of `runs` and `runAgents` never seen before, now remembered as stored. */
  newKeys(runs: readonly RunKey[], runAgents: readonly RunAgentKey[]): NewRunKeys {
    const fresh: NewRunKeys = { runs: [], runAgents: [] };
    for (const r of runs) if (this.filter.addIfNew(runKey(r.tenant, r.runId))) fresh.runs.push(r);
    for (const a of runAgents) if (this.filter.addIfNew(runAgentKey(a.tenant, a.runId, a.agent))) fresh.runAgents.push(a);
    if (fresh.runs.length < runs.length || fresh.runAgents.length < runAgents.length) this.mayWait = true;
    this.newRuns += fresh.runs.length;
    return fresh;
  }

  /** Keys a full merge is about to store (rows of write/pending_run_keys.sql: tenant, run_id, agent or NULL). */
  addStored(rows: readonly unknown[][]): void {
    const { runs, runAgents } = keysOf(rows);
    for (const r of runs) this.filter.add(runKey(r.tenant, r.runId));
    for (const a of runAgents) this.filter.add(runAgentKey(a.tenant, a.runId, a.agent));
  }

  /** Of keys a merge is about to store (rows as addStored's), those never seen, now remembered. */
  newStoredKeys(rows: readonly unknown[][]): NewRunKeys {
    const { runs, runAgents } = keysOf(rows);
    return this.newKeys(runs, runAgents);
  }

  /**
   * The statements of a merge at `seq` (see mergeSql), after its keys were classified: looking for
   * the runs it continues past the cutoff; when every pending delta is of a new key (nothing
   * continued or left since the last full merge, as with traces that name no run), looking
   * nowhere (a cutoff past every row) and clearing them all.
   */
  mergeSql(seq: number): string {
    return mergeSql(String(seq), this.mayWait ? this.window[0]!.seq : seq + 1, !this.mayWait);
  }

  /**
   * A merge at `seq` committed (`full`: the full merge, which leaves nothing pending): the window
   * moves on by the new runs it inserted (those of a merge that failed count with the next one).
   */
  merged(seq: number, full: boolean): void {
    if (full) this.mayWait = false;
    const rows = this.newRuns;
    this.newRuns = 0;
    const window = this.window;
    const last = window[window.length - 1]!;
    // Merges that insert little share an entry (its seq, the first's, bounds them all): a few
    // hundred entries at most however light the load.
    if (window.length > 1 && last.rows < this.windowRows / 256) last.rows += rows;
    else window.push({ seq, rows });
    this.windowTotal += rows;
    // The oldest entry leaves once the later ones alone fill the window.
    while (window.length > 1 && this.windowTotal - window[0]!.rows >= this.windowRows) this.windowTotal -= window.shift()!.rows;
  }
}

/**
 * The statements of a merge after every delta is pending: the usage roll-ups, then the runs' (see
 * runsMergeSql). `seq`: rollup_watermark's, a literal or an expression reading it.
 */
export function mergeSql(seq: string, cutoff: number | null, allNew = false): string {
  return [namedQuery('write/merge_hourly_usage'), namedQuery('write/merge_daily_usage'), namedQuery('write/clear_pending_rollups'), runsMergeSql(seq, cutoff, allNew)].join('\n');
}

/**
 * The statements that merge the pending run deltas: looking for the runs among rows merged at or
 * after `cutoff` and inserting only new keys, leaving the rest pending (`allNew`: there is no
 * rest); or, with no cutoff (null), the full merge, which looks through every row and inserts
 * what it does not find.
 */
export function runsMergeSql(seq: string, cutoff: number | null, allNew = false): string {
  const full = cutoff === null;
  const merge = (name: string) =>
    namedQuery(`write/${name}`)
      .replaceAll('$cutoff', String(cutoff ?? 0))
      .replaceAll('$seq', seq)
      .replaceAll('$insert_old', String(full));
  const clear = full ? [namedQuery('write/clear_pending_runs'), merge('drop_emptied_runs')] : allNew ? [namedQuery('write/clear_pending_runs')] : [merge('clear_merged_runs')];
  return [merge('merge_run_agents'), merge('merge_runs'), ...clear, namedQuery('write/clear_new_run_keys')].join('\n');
}

/** Rows of tenant, run_id and agent (NULL: a run's key) as keys. */
function keysOf(rows: readonly unknown[][]): NewRunKeys {
  const keys: NewRunKeys = { runs: [], runAgents: [] };
  for (const [tenant, runId, agent] of rows) {
    if (agent === null) keys.runs.push({ tenant: String(tenant), runId: String(runId) });
    else keys.runAgents.push({ tenant: String(tenant), runId: String(runId), agent: String(agent) });
  }
  return keys;
}
