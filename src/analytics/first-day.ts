import type { Reader } from '../storage/reader.js';
import { localDate } from '../util/time.js';
import { runNamed } from './named-sql.js';
import { str } from './row-values.js';

/** The first calendar day in `tz` with stored calls, or null when the tenant has none. */
export async function firstUsageDay(reader: Reader, tenant: string, tz: string): Promise<string | null> {
  const [row] = await runNamed(reader, 'usage_first_day', { tenant });
  const utcDay = str(row, 'first_day');
  // A UTC day starts on the previous local day in zones west of UTC.
  return utcDay === null ? null : localDate(Date.parse(`${utcDay.slice(0, 10)}T00:00:00Z`), tz);
}
