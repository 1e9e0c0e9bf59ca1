-- run_key_lists: the keys of runs (tenant, chr(0), run_id) and run_agents (tenant, chr(0), run_id,
-- chr(0), agent) with a rowid in [$1, $2) and a merged_seq of at least $3, as the exporter's
-- RunKeyFilter spells them, for it to load at start-up: joined into one string, chr(1) between
-- keys, except keys containing chr(1), listed apart. A range a query keeps the string bounded (an
-- aggregate over the whole tables held every key in memory at once).
SELECT
  coalesce(string_agg(k, chr(1)) FILTER (WHERE NOT contains(k, chr(1))), ''),
  coalesce(list(k) FILTER (WHERE contains(k, chr(1))), [])
FROM (
  SELECT tenant || chr(0) || run_id AS k FROM runs WHERE rowid >= $1 AND rowid < $2 AND merged_seq >= $3
  UNION ALL
  SELECT tenant || chr(0) || run_id || chr(0) || agent FROM run_agents WHERE rowid >= $1 AND rowid < $2 AND merged_seq >= $3
);
