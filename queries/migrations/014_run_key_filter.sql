-- 014_run_key_filter: the exporter's RunKeyFilter (which run and run-agent keys are stored; see
-- 013) saved in the file, so that a start-up reads it and the keys of the rows merged since
-- (merged_seq >= saved_seq) rather than every key: ~10 s for 5M runs, measured here, otherwise.
-- A part of the filter (it grows by parts) is saved in rows of at most 1 MiB of its bits (one
-- 32 MiB value needed a block that size in the buffer pool, which a 128MB pool could not always
-- give). saved_seq is rollup_watermark's at the save: every row stored after it has a merged_seq
-- at least that.
CREATE TABLE IF NOT EXISTS run_key_filter (
  part INTEGER NOT NULL,
  capacity BIGINT NOT NULL,
  keys BIGINT NOT NULL,
  byte_offset BIGINT NOT NULL,
  bits BLOB NOT NULL,
  saved_seq BIGINT NOT NULL
);
