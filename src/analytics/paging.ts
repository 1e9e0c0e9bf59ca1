import type { Row } from '../storage/reader.js';

/**
 * Paged queries carry their totals on every row (count(*) OVER ()), so one query answers both
 * the page and the pagination. A page past the end has no row to carry them: then the first
 * row alone is fetched for its totals.
 */
export async function pageWithTotals(
  run: (limit: number, offset: number) => Promise<Row[]>,
  page: { limit: number; offset: number },
): Promise<{ rows: Row[]; totals: Row | undefined }> {
  const rows = await run(page.limit, page.offset);
  const totals = rows[0] ?? (page.offset > 0 ? (await run(1, 0))[0] : undefined);
  return { rows, totals };
}
