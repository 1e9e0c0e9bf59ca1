-- drop_empty_rollups: after agent fix-ups, roll-up rows whose records all moved away are removed.
DELETE FROM hourly_usage WHERE calls = 0;
DELETE FROM daily_usage WHERE calls = 0;
DELETE FROM run_agents WHERE calls = 0;
