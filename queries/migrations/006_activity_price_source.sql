-- 006_activity_price_source: where each activity row's cost came from, as llm_calls says it for
-- calls: 'explicit' (the span's tokentally.cost.usd), 'override' (a provider "tool" price
-- override, applied at ingest or by re-pricing) or 'unpriced' (cost NULL). Re-pricing
-- (src/pricing/repricer.ts) never touches explicit costs, and needs this column to tell them apart.
--
-- Backfill: rows stored before this migration cannot be told apart reliably. A tool call priced
-- by an override at ingest and one with an explicit cost both hold a cost, and the explicit
-- tokentally.cost.usd is not kept in their attributes JSON. So every existing row with a cost
-- is marked 'explicit'. That is the safe side: an explicit cost must never be overwritten, while
-- an override-priced cost marked 'explicit' only keeps the price it was stored with (delete and
-- re-ingest those spans to have them re-priced). Rows without a cost are 'unpriced', so adding a
-- tool override and re-pricing prices them.
ALTER TABLE activity ADD COLUMN price_source VARCHAR;
UPDATE activity SET price_source = CASE WHEN cost IS NOT NULL THEN 'explicit' ELSE 'unpriced' END;
