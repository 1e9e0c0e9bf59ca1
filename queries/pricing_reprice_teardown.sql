-- pricing_reprice_teardown: drops the re-pricer's temp tables and its staging table. Parameters: none.
DROP TABLE IF EXISTS reprice_groups;
DROP TABLE IF EXISTS reprice_new;
DROP TABLE IF EXISTS reprice_call_deltas;
DROP TABLE IF EXISTS reprice_deltas;
DROP TABLE IF EXISTS reprice_activity_new;
DROP TABLE IF EXISTS reprice_activity_deltas;
DROP TABLE IF EXISTS main.reprice_staging;
