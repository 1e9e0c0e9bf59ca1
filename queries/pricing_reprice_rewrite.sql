-- pricing_reprice_rewrite: appends the re-priced calls staged by pricing_reprice_stage to
-- llm_calls_raw (pricing_reprice_remove_old has deleted their old rows), in one statement so that
-- DuckDB writes them to the file as whole row groups while it goes. Insertion order is kept:
-- the staged rows are in row id order, so zone maps on start_time stay tight. Parameters: none.
INSERT INTO llm_calls_raw SELECT * FROM main.reprice_staging;
