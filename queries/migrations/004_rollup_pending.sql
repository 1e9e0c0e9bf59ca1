-- 004_rollup_pending: roll-up contributions committed with their calls but not yet merged.
--
-- Each group commit appends its pre-aggregated roll-up delta here, in the same transaction as the
-- calls, and the exporter merges these rows into hourly_usage / daily_usage / runs / run_agents
-- (and deletes them) at most every ~200 ms under load, or at once when its queue is empty. The
-- MERGEs cost more than the rest of a commit, so deferring them raises throughput; keeping the
-- deltas in the file (not in memory) keeps the roll-ups crash-safe: start-up merges whatever a
-- crash left here, so at rest the roll-ups always equal the stored calls.
CREATE TABLE IF NOT EXISTS rollup_pending_hourly AS SELECT * FROM hourly_usage LIMIT 0;
-- seq orders the commits, so a run's last_status is the one of its latest call as with the
-- direct merge (ties on end_time go to the later commit).
CREATE TABLE IF NOT EXISTS rollup_pending_runs AS SELECT *, 0::BIGINT AS seq FROM runs LIMIT 0;
CREATE TABLE IF NOT EXISTS rollup_pending_run_agents AS SELECT * FROM run_agents LIMIT 0;
