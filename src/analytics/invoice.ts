import type { Reader } from '../storage/reader.js';
import { nanosToUsd } from '../util/money.js';
import { addDays, startOfLocalDay } from '../util/time.js';
import { runOverFacts } from './named-sql.js';
import { num, str } from './row-values.js';
import { factsParams, usageScope, type CallFilters } from './usage-scope.js';

export interface InvoiceRequest {
  tenant: string;
  /** YYYY-MM */
  month: string;
  tz: string;
  filters: CallFilters;
}

function monthDays(month: string): { first: string; last: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { first: `${month}-01`, last: new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10) };
}

/**
 * A month's invoice: line items by category and model, a subtotal per category and the total.
 * Amounts are summed in integer nano-dollars, so the lines add up to the total exactly.
 */
export async function invoice(reader: Reader, req: InvoiceRequest) {
  const { first, last } = monthDays(req.month);
  const window = { startMs: startOfLocalDay(first, req.tz), endMs: startOfLocalDay(addDays(last, 1), req.tz) };
  const rows = await runOverFacts(reader, 'invoice_lines', factsParams(usageScope(req.tenant, window, req.filters)));
  const lines = rows.map((r) => ({
    category: str(r, 'category') ?? '',
    provider: str(r, 'provider'),
    model: str(r, 'model'),
    calls: num(r, 'calls'),
    unpriced_calls: num(r, 'unpriced_calls'),
    input_tokens: num(r, 'input_tokens'),
    output_tokens: num(r, 'output_tokens'),
    cached_tokens: num(r, 'cache_read_tokens'),
    nanos: num(r, 'cost_nanos'),
  }));
  const categories = new Map<string, { nanos: number; calls: number }>();
  for (const line of lines) {
    const c = categories.get(line.category) ?? { nanos: 0, calls: 0 };
    categories.set(line.category, { nanos: c.nanos + line.nanos, calls: c.calls + line.calls });
  }
  const totalNanos = lines.reduce((s, l) => s + l.nanos, 0);
  return {
    month: req.month,
    tz: req.tz,
    start_date: first,
    end_date: last,
    currency: 'USD',
    line_items: lines.map(({ nanos, ...line }) => ({ ...line, description: `${line.category}: ${line.provider} ${line.model}`, amount_usd: nanosToUsd(nanos) })),
    subtotals: [...categories].map(([category, c]) => ({ category, calls: c.calls, amount_usd: nanosToUsd(c.nanos) })),
    subtotal_usd: nanosToUsd(totalNanos),
    total_usd: nanosToUsd(totalNanos),
    unpriced_calls: lines.reduce((s, l) => s + l.unpriced_calls, 0),
  };
}
