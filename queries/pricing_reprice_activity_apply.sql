-- pricing_reprice_activity_apply: writes the new cost and price source of the re-priced tool
-- calls (reprice_activity_new) into activity. Their row ids were read before the transaction:
-- activity rows are never deleted, so no checkpoint renumbers them (unlike the calls: see
-- pricing_reprice_stage). Parameters: none.
UPDATE activity
SET
  cost = (n.cost::BIGINT * 0.000000001)::DECIMAL(18, 9),
  price_source = n.price_source
FROM reprice_activity_new n
WHERE activity.rowid = n.rid;
