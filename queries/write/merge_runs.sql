-- merge_runs: adds the pending run deltas (rollup_pending_runs: one row per run and commit, and
-- fix-ups' withdrawals and additions), summed per run, to the runs table, each marked new when the
-- exporter listed it in new_runs (never seen, so certainly not stored yet). A run's total_cost is
-- end to end: model calls plus tool costs (tool_cost is the tools' part). last_status is the
-- status of the run's latest call; on equal end times the later commit (seq) wins, as it would
-- have merging commit by commit.
--
-- $cutoff, $seq and $insert_old are the exporter's literals (group-commit.ts, run-merges.ts). A
-- run is looked for only among rows a merge changed at or after $cutoff (merged_seq): the zone maps
-- skip every older row group, where the whole table would otherwise be scanned (random run ids
-- defeat them). A new run (is_new) is inserted; a run not found that is not new either is left
-- pending (clear_merged_runs.sql keeps its deltas) unless $insert_old, the full merge, with
-- $cutoff 0, which looks through every row and inserts what it does not find. created_seq is the
-- merge's for a new run (its agents' rows are all merged in it or later), 0 for one the full merge
-- inserts (migration 013). run_hash: migration 015.
MERGE INTO runs t
USING (
  SELECT p.*, n.run_id IS NOT NULL AS is_new
  FROM (
    SELECT tenant, run_id,
      min(start_time) AS start_time,
      max(end_time) AS end_time,
      sum(calls) AS calls,
      sum(error_calls) AS error_calls,
      sum(retry_calls) AS retry_calls,
      sum(unpriced_calls) AS unpriced_calls,
      sum(input_tokens) AS input_tokens,
      sum(output_tokens) AS output_tokens,
      sum(cache_read_tokens) AS cache_read_tokens,
      sum(total_cost) AS total_cost,
      sum(retry_cost) AS retry_cost,
      sum(failed_cost) AS failed_cost,
      sum(tool_calls) AS tool_calls,
      sum(tool_cost) AS tool_cost,
      -- Fix-ups' withdrawals carry no end time or status (fixup_run_deltas.sql).
      arg_max(last_status, [epoch_us(end_time), seq]) FILTER (WHERE end_time IS NOT NULL) AS last_status
    FROM rollup_pending_runs
    GROUP BY tenant, run_id
  ) p
  LEFT JOIN new_runs n USING (tenant, run_id)
) s
ON t.tenant = s.tenant AND t.run_id = s.run_id AND t.merged_seq >= $cutoff
WHEN MATCHED THEN UPDATE SET
    last_status = CASE WHEN s.end_time >= t.end_time THEN s.last_status ELSE t.last_status END,
    start_time = least(t.start_time, s.start_time),
    end_time = greatest(t.end_time, s.end_time),
    calls = t.calls + s.calls,
    error_calls = t.error_calls + s.error_calls,
    retry_calls = t.retry_calls + s.retry_calls,
    unpriced_calls = t.unpriced_calls + s.unpriced_calls,
    input_tokens = t.input_tokens + s.input_tokens,
    output_tokens = t.output_tokens + s.output_tokens,
    cache_read_tokens = t.cache_read_tokens + s.cache_read_tokens,
    total_cost = t.total_cost + s.total_cost,
    retry_cost = t.retry_cost + s.retry_cost,
    failed_cost = t.failed_cost + s.failed_cost,
    tool_calls = t.tool_calls + s.tool_calls,
    tool_cost = t.tool_cost + s.tool_cost,
    merged_seq = $seq
-- A run that only withdrawals name (fix-ups moving records out of a run no longer there) has
-- nothing to take them from: it is not created.
WHEN NOT MATCHED AND s.start_time IS NOT NULL AND (s.is_new OR $insert_old) THEN INSERT VALUES (s.tenant, s.run_id, s.start_time, s.end_time, s.calls, s.error_calls, s.retry_calls, s.unpriced_calls, s.input_tokens, s.output_tokens, s.cache_read_tokens, s.total_cost, s.retry_cost, s.failed_cost, s.tool_calls, s.tool_cost, s.last_status, $seq, CASE WHEN s.is_new THEN $seq ELSE 0 END,
  md5_number_lower(s.run_id));
