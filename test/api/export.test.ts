import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnalyticsFixture, type AnalyticsFixture } from '../analytics/support/analytics-fixture.js';
import { between, nanos, type CallRow } from '../analytics/support/expected.js';
import { NOW_MS, syntheticActivity, syntheticHistory } from '../analytics/support/history.js';
import { tempDir } from '../support/temp-dir.js';

const FROM = Date.parse('2026-02-15T00:00:00Z');
const TO = Date.parse('2026-03-11T00:00:00Z');
const WINDOW = 'start_date=2026-02-15&end_date=2026-03-10';

/** A CSV parser for the test: RFC 4180 quoting. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r') continue;
    else if (ch === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else field += ch;
  }
  return rows;
}

describe('GET /v1/export', () => {
  let fx: AnalyticsFixture;
  let expected: CallRow[];
  const { dir, cleanup } = tempDir();

  beforeAll(async () => {
    fx = await startAnalyticsFixture({ clock: () => NOW_MS, tenants: ['other'] });
    const history = syntheticHistory({ callsPerDay: 200 });
    await fx.store(history, syntheticActivity(history));
    await fx.store(syntheticHistory({ tenant: 'other', days: 3 }));
    expected = (await fx.calls()).filter((r) => r.tenant === 'default').filter(between(FROM, TO));
  });
  afterAll(async () => {
    await fx.close();
    cleanup();
  });

  const spanIds = (rows: CallRow[]) => rows.map((r) => r.span_id).sort();
  const costNanos = (rows: Array<{ total_cost: number | null }>) => rows.reduce((s, r) => s + nanos(r.total_cost), 0);

  it('streams CSV: a header of the llm_calls columns and one line per call of the window', async () => {
    const res = await fx.fetch(`/v1/export?format=csv&${WINDOW}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-length')).toBeNull();
    expect(res.headers.get('x-tokentally-row-count')).toBe(String(expected.length));
    const [header, ...lines] = parseCsv(await res.text());
    expect(header).toEqual(Object.keys(expected[0]!));
    const rows = lines.map((l) => Object.fromEntries(header!.map((h, i) => [h, l[i]]))) as Record<string, string>[];
    expect(rows.map((r) => r.span_id).sort()).toEqual(spanIds(expected));
    expect(rows.reduce((s, r) => s + nanos(r.total_cost === '' ? null : Number(r.total_cost)), 0)).toBe(costNanos(expected));
    expect(new Set(rows.map((r) => r.tenant))).toEqual(new Set(['default']));
  });

  it('streams JSON as an array of objects', async () => {
    const res = await fx.fetch(`/v1/export?format=json&${WINDOW}&agent=writer`);
    const rows = (await res.json()) as CallRow[];
    const writer = expected.filter((r) => r.agent === 'writer');
    expect(rows.map((r) => r.span_id).sort()).toEqual(spanIds(writer));
    expect(costNanos(rows)).toBe(costNanos(writer));
    const empty = await fx.fetch(`/v1/export?format=json&start_date=2020-01-01&end_date=2020-01-02`);
    expect(await empty.json()).toEqual([]);
  });

  it('sends Parquet that DuckDB reads back', async () => {
    const res = await fx.fetch(`/v1/export?format=parquet&${WINDOW}`);
    expect(res.headers.get('content-type')).toBe('application/vnd.apache.parquet');
    const path = join(dir, 'calls.parquet');
    writeFileSync(path, Buffer.from(await res.arrayBuffer()));
    const instance = await DuckDBInstance.create(':memory:');
    const con = await instance.connect();
    const [row] = (await con.runAndReadAll(`SELECT count(*)::INTEGER AS n, sum(total_cost)::DOUBLE AS cost FROM read_parquet('${path}')`)).getRowObjectsJS();
    con.closeSync();
    instance.closeSync();
    expect(row!.n).toBe(expected.length);
    expect(nanos(row!.cost as number)).toBe(costNanos(expected));
  });

  it('stops when the client goes away, and keeps serving', async () => {
    const abort = new AbortController();
    const res = await fx.fetch(`/v1/export?format=csv&period=all_time`, { signal: abort.signal });
    const reader = res.body!.getReader();
    await reader.read();
    abort.abort();
    await reader.cancel().catch(() => undefined);
    expect((await fx.get('/v1/usage')).status).toBe(200);
  });

  it.each([
    ['format=xml', 'format'],
    ['start_date=2026-02-31', 'start_date'],
    ['start_date=2026-03-05&end_date=2026-03-01', 'end_date'],
  ])('answers 400 naming the parameter for %s', async (query, name) => {
    const { status, body } = await fx.get(`/v1/export?${query}`);
    expect(status).toBe(400);
    expect(body.error?.message).toContain(`"${name}"`);
  });
});
