-- pricing_overrides_list: every price override, config and API, in a stable order.
-- Parameters: none.
SELECT
  id, source, provider, model,
  input_mtok, output_mtok, cache_read_mtok, cache_write_mtok,
  per_call, per_image, per_second, per_page,
  effective_from, effective_to, note
FROM pricing_overrides
ORDER BY lower(provider), lower(model), effective_from NULLS FIRST, id;
