import type { DuckDBValue } from '@duckdb/node-api';
import type { Database } from '../storage/database.js';
import { namedQuery } from '../storage/reader.js';
import { PRICE_FIELDS, type OverrideSource, type PriceOverride } from './overrides.js';

/** One atomic change to the stored overrides: `remove` ids go, `put` rows are written (replacing same ids). */
export interface OverrideChange {
  put: readonly PriceOverride[];
  remove: readonly string[];
}

/** Where overrides persist: the pricing_overrides table, or memory where there is no database. */
export interface OverrideStore {
  load(): Promise<PriceOverride[]>;
  /** All or nothing. */
  apply(change: OverrideChange): Promise<void>;
}

export class MemoryOverrideStore implements OverrideStore {
  private rows = new Map<string, PriceOverride>();

  async load(): Promise<PriceOverride[]> {
    return [...this.rows.values()];
  }

  async apply(change: OverrideChange): Promise<void> {
    for (const id of change.remove) this.rows.delete(id);
    for (const o of change.put) this.rows.set(o.id, o);
  }
}

function iso(value: unknown): string | undefined {
  return value instanceof Date ? value.toISOString() : undefined;
}

function rowToOverride(row: Record<string, unknown>): PriceOverride {
  const o: PriceOverride = {
    id: String(row.id),
    source: row.source as OverrideSource,
    provider: String(row.provider),
    model: String(row.model),
  };
  for (const field of PRICE_FIELDS) {
    const value = row[field];
    if (typeof value === 'number') o[field] = value;
  }
  const from = iso(row.effective_from);
  const to = iso(row.effective_to);
  if (from !== undefined) o.effective_from = from;
  if (to !== undefined) o.effective_to = to;
  if (typeof row.note === 'string') o.note = row.note;
  return o;
}

function insertParams(o: PriceOverride): DuckDBValue[] {
  return [
    o.id,
    o.source,
    o.provider,
    o.model,
    ...PRICE_FIELDS.map((f) => o[f] ?? null),
    o.effective_from ?? null,
    o.effective_to ?? null,
    o.note ?? null,
  ];
}

/** The pricing_overrides table (queries/migrations/002_pricing_overrides.sql). */
export class DuckdbOverrideStore implements OverrideStore {
  constructor(private readonly db: Database) {}

  async load(): Promise<PriceOverride[]> {
    const con = await this.db.connect();
    try {
      const reader = await con.runAndReadAll(namedQuery('pricing_overrides_list'));
      return reader.getRowObjectsJS().map((r) => rowToOverride(r as Record<string, unknown>));
    } finally {
      con.closeSync();
    }
  }

  async apply(change: OverrideChange): Promise<void> {
    const con = await this.db.connect();
    try {
      await con.run('BEGIN TRANSACTION');
      try {
        for (const id of new Set([...change.remove, ...change.put.map((o) => o.id)])) await con.run(namedQuery('pricing_overrides_delete'), [id]);
        for (const o of change.put) await con.run(namedQuery('pricing_overrides_insert'), insertParams(o));
        await con.run('COMMIT');
      } catch (error) {
        await con.run('ROLLBACK');
        throw error;
      }
    } finally {
      con.closeSync();
    }
  }
}
