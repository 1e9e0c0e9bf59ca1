-- budget_deliveries_max_seq: the last message sequence number used (0 when none).
SELECT coalesce(max(seq), 0) AS seq FROM webhook_deliveries;
