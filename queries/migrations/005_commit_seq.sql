-- 005_commit_seq: the group commit that stored each call, in commit order.
--
-- Rows are appended in commit order, so DuckDB's zone maps on this column let the exporter's
-- de-duplication look only at calls committed before the keys it holds in memory (see
-- src/exporters/duckdb/recent-keys.ts). Calls stored before this migration get 0.
ALTER TABLE llm_calls_raw ADD COLUMN commit_seq BIGINT DEFAULT 0;
