import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * Low-cardinality strings (tenant, agent, provider, model, …) are stored in llm_calls_raw as
 * integer ids into the `dict` table: the writer then crosses into DuckDB once per column, not
 * once per value. The whole dictionary is cached in memory (it is small: names, not run ids).
 */
export class Dictionary {
  private readonly ids = new Map<string, number>();
  private nextId = 0;
  /** Values given an id and not yet written, in id order. */
  private pending: string[] = [];
  /** Values written inside the current transaction, not yet committed. */
  private written: string[] = [];
  /** Changes whenever ids were taken back (a rollback): ids handed out before may now name other values. */
  generation = 0;

  async load(con: DuckDBConnection): Promise<void> {
    const rows = (await con.runAndReadAll('SELECT id, value FROM dict ORDER BY id')).getRows();
    for (const [id, value] of rows) this.ids.set(String(value), Number(id));
    this.nextId = rows.length === 0 ? 0 : Number(rows[rows.length - 1]![0]) + 1;
  }

  /** The id of `value`, assigning a new one (persisted by the next `persist`). */
  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(value, id);
      this.pending.push(value);
    }
    return id;
  }

  /** Nullable variant: null stays null. */
  idOrNull(value: string | null): number | null {
    return value === null ? null : this.id(value);
  }

  /** Whether ids were assigned that the file does not hold yet (persist writes them). */
  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** Writes new entries inside the caller's transaction. */
  async persist(con: DuckDBConnection): Promise<void> {
    if (this.pending.length === 0) return;
    const firstId = this.nextId - this.pending.length;
    const appender = await con.createAppender('dict');
    this.pending.forEach((value, i) => {
      appender.appendInteger(firstId + i);
      appender.appendVarchar(value);
      appender.endRow();
    });
    appender.flushSync();
    appender.closeSync();
    this.written.push(...this.pending);
    this.pending = [];
  }

  /** After a commit the written entries are durable. */
  committed(): void {
    this.written = [];
  }

  /** After a rollback the new entries never reached the file: forget them. */
  rolledBack(): void {
    const forgotten = [...this.written, ...this.pending];
    for (const value of forgotten) this.ids.delete(value);
    this.nextId -= forgotten.length;
    if (forgotten.length > 0) this.generation++;
    this.written = [];
    this.pending = [];
  }
}
