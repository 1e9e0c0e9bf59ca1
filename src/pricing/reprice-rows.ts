import { UBIGINT } from '@duckdb/node-api';
import { ChunkWriter, bigintColumn, booleanColumn, int32Column, varcharColumn } from '../exporters/duckdb/chunk-writer.js';
import { Int64Column } from '../exporters/duckdb/column-buffers.js';

/** A stored call whose price changed: its new costs, and what it changes in the roll-ups. */
export interface ChangedCall {
  /** llm_calls_raw.rowid when read, and what that row held: its span id (two 32-bit halves) and start time. */
  rid: number;
  spanHigh: number;
  spanLow: number;
  startUs: number;
  /** New costs in nano-dollars, in COST_COLUMNS order; null when no price applies any more. */
  costs: readonly number[] | null;
  pricedModelK: number | null;
  sourceK: number;
  /** The roll-up keys it counts under: its reprice_groups row (provider, model) and dict ids. */
  g: number;
  tenantK: number;
  agentK: number;
  categoryK: number;
  taskTypeK: number | null;
  statusK: number;
  isRetry: boolean;
  runId: string;
  /** +1 no longer priced, -1 priced now, else 0. */
  unpriced: number;
  /** New less old cost, nano-dollars, in ROLLED_UP_COSTS order (unpriced counts 0). */
  deltas: readonly number[];
}

/** The cost columns of llm_calls_raw, in the order ChangedCall.costs holds them. */
export const COST_COLUMNS = ['input_cost', 'output_cost', 'cache_read_cost', 'cache_write_cost', 'reasoning_cost', 'other_cost', 'total_cost'] as const;
/** The costs the roll-ups keep, by position in COST_COLUMNS. */
export const ROLLED_UP_COSTS = [0, 1, 2, 3, 6] as const;

/**
 * reprice_new's rows (queries/pricing_reprice_setup.sql), appended a data chunk at a time:
 * row-by-row appends were half of the pricing phase's JavaScript time.
 */
export function newCostsWriter(): ChunkWriter<ChangedCall> {
  const spanId = new Int64Column();
  return new ChunkWriter<ChangedCall>([
    bigintColumn('rid', (c) => c.rid),
    { name: 'span_id', type: UBIGINT, column: spanId, fill: (row, c) => spanId.setHalves(row, c.spanHigh, c.spanLow) },
    bigintColumn('start_us', (c) => c.startUs),
    ...COST_COLUMNS.map((name, k) => bigintColumn<ChangedCall>(name, (c) => (c.costs === null ? null : c.costs[k]!))),
    int32Column('priced_model_k', (c) => c.pricedModelK),
    int32Column('price_source_k', (c) => c.sourceK),
  ]);
}

/** reprice_call_deltas' rows (queries/pricing_reprice_setup.sql). */
export function newDeltasWriter(): ChunkWriter<ChangedCall> {
  return new ChunkWriter<ChangedCall>([
    int32Column('g', (c) => c.g),
    int32Column('tenant_k', (c) => c.tenantK),
    int32Column('agent_k', (c) => c.agentK),
    int32Column('category_k', (c) => c.categoryK),
    int32Column('task_type_k', (c) => c.taskTypeK),
    int32Column('status_k', (c) => c.statusK),
    booleanColumn('is_retry', (c) => c.isRetry),
    varcharColumn('run_id', (c) => c.runId),
    bigintColumn('start_us', (c) => c.startUs),
    int32Column('unpriced', (c) => c.unpriced),
    ...ROLLED_UP_COSTS.map((k, i) => bigintColumn<ChangedCall>(COST_COLUMNS[k], (c) => c.deltas[i]!)),
  ]);
}
