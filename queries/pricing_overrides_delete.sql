-- pricing_overrides_delete: removes one price override.
-- Parameters: $1 id.
DELETE FROM pricing_overrides WHERE id = $1;
