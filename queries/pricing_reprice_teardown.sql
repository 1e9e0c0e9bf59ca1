-- pricing_reprice_teardown: drops the re-pricer's temp tables. Parameters: none.
DROP TABLE IF EXISTS reprice_groups;
DROP TABLE IF EXISTS reprice_rows;
DROP TABLE IF EXISTS reprice_new;
DROP TABLE IF EXISTS reprice_deltas;
DROP TABLE IF EXISTS reprice_activity_new;
DROP TABLE IF EXISTS reprice_activity_deltas;
