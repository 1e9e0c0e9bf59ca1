import { runNamed } from '../../analytics/named-sql.js';
import { num, str } from '../../analytics/row-values.js';
import type { Reader, Row } from '../../storage/reader.js';
import { usdToNanos } from '../../util/money.js';

/** What the agent registry says about an agent that workforce reports use. */
export interface WorkforceProfile {
  name: string;
  displayName: string | null;
  department: string | null;
  role: string | null;
  /** What the agent's work would cost per month done by people; null when not stated. */
  humanEquivalentMonthlyNanos: number | null;
}

/** The registry column of the human-equivalent cost; the issue and the migration spell it differently. */
const HUMAN_EQUIVALENT_COLUMNS = ['human_equivalent_monthly_cost_usd', 'human_equivalent_monthly_usd'];

function humanEquivalent(row: Row): number | null {
  const column = HUMAN_EQUIVALENT_COLUMNS.find((c) => row[c] !== undefined && row[c] !== null);
  return column === undefined ? null : usdToNanos(num(row, column));
}

export async function loadRegistry(reader: Reader, tenant: string): Promise<Map<string, WorkforceProfile>> {
  const rows = await runNamed(reader, 'workforce_registry', { tenant });
  return new Map(
    rows.map((r) => {
      const name = str(r, 'name') ?? '';
      return [name, { name, displayName: str(r, 'display_name'), department: str(r, 'department'), role: str(r, 'role'), humanEquivalentMonthlyNanos: humanEquivalent(r) }];
    }),
  );
}
