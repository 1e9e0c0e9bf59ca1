import { TIMESTAMPTZ, UBIGINT, type DuckDBAppender } from '@duckdb/node-api';
import { CALL, EncodedCall, NULL_ID } from '../../pipeline/worker/encoded-call.js';
import type { CallRecord, CostBreakdown } from '../../pipeline/records.js';
import { Int32Column, Int64Column } from './column-buffers.js';
import { ChunkWriter, type FillRows, bigintColumn, booleanColumn, int32Column, int64Column, moneyColumn, varcharColumn, type ColumnSpec } from './chunk-writer.js';
import { hexWord } from '../../util/hex-words.js';
import type { Dictionary } from './dictionary.js';
import { KEY_WORDS } from '../../util/span-key.js';

/** What the columns of one append share: the dictionary, commit_seq, and the calls' parsed keys from row `base` on. */
interface GroupState {
  dict: Dictionary;
  names: NameIds;
  seq: number;
  keys: Uint32Array;
  base: number;
}

/**
 * A token count or cost component, read by its own accessor: one accessor shared by every column
 * (`c[key]`) made the read megamorphic, and V8 boxed each double it read that way afresh (the main
 * thread's allocation profile put ~100 bytes a call there).
 */
const tokens = (name: string, slot: number, value: (c: CallRecord) => number) => fromSlot(bigintColumn<CallRecord>(name, value), slot, false);

const cost = (name: string, slot: number, value: (cost: CostBreakdown) => number) => fromSlot(moneyColumn<CallRecord>(name, (c) => (c.cost === null ? null : value(c.cost))), slot, true);

const time = (name: string, slot: number, value: (c: CallRecord) => number) => fromSlot(int64Column<CallRecord>(name, TIMESTAMPTZ, value), slot, false);

/**
 * The int64 columns the hand-over holds at `slot` of each call (`priced`: a cost, NULL for an
 * unpriced call) are read there, a chunk in one loop; so are the name columns (dictId) and the
 * parent id (parentSpanId) from their places. Through `fill` a value cost up to three calls V8
 * could not inline (the call's getter, the column's reader, the buffer's setter, each call site
 * shared by every column), and a name a Map look-up: the row fill, which is on the writer's
 * commit chain (group-commit.ts), went from 1.30 to 0.96 µs a call. Each kind has a loop of its
 * own: one loop calling a writer a column (one call site for all) measured ~10% slower. A record
 * that is not from the hand-over (the pipeline all on the main thread) takes `fill`.
 */
function fromSlot(spec: ColumnSpec<CallRecord>, slot: number, priced: boolean): ColumnSpec<CallRecord> {
  const column = spec.column as Int64Column;
  const fill = spec.fill;
  const fillRows: FillRows<CallRecord> = (records, start, rows) => {
    for (let row = 0; row < rows; row++) {
      const c = records[start + row]!;
      if (!(c instanceof EncodedCall)) fill(row, c);
      else if (priced && c.slot(CALL.priced) === 0) column.setNull(row);
      else column.set(row, c.slot(slot));
    }
  };
  return { ...spec, fillRows };
}

function dictId(name: string, group: GroupState, slot: number, value: (c: CallRecord) => string | null): ColumnSpec<CallRecord> {
  const spec = int32Column<CallRecord>(name, (c) => group.dict.idOrNull(value(c)));
  const column = spec.column as Int32Column;
  const fill = spec.fill;
  const fillRows: FillRows<CallRecord> = (records, start, rows) => {
    for (let row = 0; row < rows; row++) {
      const c = records[start + row]!;
      if (c instanceof EncodedCall) column.set(row, group.names.idOf(c, slot));
      else fill(row, c);
    }
  };
  return { ...spec, fillRows };
}

/**
 * Dictionary ids of the names in the hand-over's string table, by their place in it: each name is
 * looked up once a table (a Map look-up by string), not once a value (14 name columns a call).
 */
class NameIds {
  private table: readonly string[] | undefined;
  private generation = -1;
  /** Dictionary id + 1 of each table id; 0 where not looked up yet. */
  private ids = new Int32Array(1024);

  constructor(private readonly dict: Dictionary) {}

  /** The dictionary id of the name at `slot` of the call (null for null). */
  idOf(call: EncodedCall, slot: number): number | null {
    const id = call.slot(slot);
    if (id === NULL_ID) return null;
    const table = call.names;
    // A new table (the hand-over starts afresh now and then) or ids taken back by a rollback.
    if (table !== this.table || this.dict.generation !== this.generation) {
      this.table = table;
      this.generation = this.dict.generation;
      this.ids.fill(0);
    }
    if (id >= this.ids.length) {
      const grown = new Int32Array(Math.max(id + 1, this.ids.length * 2));
      grown.set(this.ids);
      this.ids = grown;
    }
    let known = this.ids[id]!;
    if (known === 0) {
      known = this.dict.id(table[id]!) + 1;
      this.ids[id] = known;
    }
    return known - 1;
  }
}

/**
 * One 64-bit word of the span key (trace_hi, trace_lo or span_id), taken from the keys the group
 * commit already parsed for de-duplication (recent-keys.ts: six 32-bit words a call).
 */
function keyWord(name: string, word: 0 | 2 | 4, group: GroupState): ColumnSpec<CallRecord> {
  const column = new Int64Column();
  return {
    name,
    type: UBIGINT,
    column,
    fill: (row) => {
      const at = (group.base + row) * KEY_WORDS + word;
      column.setHalves(row, group.keys[at]!, group.keys[at + 1]!);
    },
  };
}

/** A 64-bit id held as hex (its first 16 digits; '' is 0, null is NULL), stored as UBIGINT. */
function hexId(name: string, value: (c: CallRecord) => string | null): ColumnSpec<CallRecord> {
  const column = new Int64Column();
  return {
    name,
    type: UBIGINT,
    column,
    fill: (row, c) => {
      const hex = value(c);
      if (hex === null) column.setNull(row);
      else if (hex === '') column.setHalves(row, 0, 0);
      else column.setHalves(row, hexWord(hex, 0), hexWord(hex, 8));
    },
  };
}

/** parent_span_id: from the words the hand-over parsed (see fromSlot), else from the hex id ('' is 0). */
function parentSpanId(): ColumnSpec<CallRecord> {
  const spec = hexId('parent_span_id', (c) => c.parentSpanId);
  const column = spec.column as Int64Column;
  const fill = spec.fill;
  const fillRows: FillRows<CallRecord> = (records, start, rows) => {
    for (let row = 0; row < rows; row++) {
      const c = records[start + row]!;
      if (c instanceof EncodedCall) column.setHalves(row, c.slot(CALL.parentWords), c.slot(CALL.parentWords + 1));
      else fill(row, c);
    }
  };
  return { ...spec, fillRows };
}

/**
 * llm_calls_raw, column by column, in table order (queries/migrations/001_core.sql, then
 * commit_seq from 005_commit_seq.sql and response_id from 016_response_id.sql).
 * A test compares this list with the table so the two cannot drift apart.
 */
function callColumns(group: GroupState): ColumnSpec<CallRecord>[] {
  return [
    keyWord('trace_hi', 0, group),
    keyWord('trace_lo', 2, group),
    keyWord('span_id', 4, group),
    parentSpanId(),
    time('start_time', CALL.startUs, (c) => c.startUs),
    time('end_time', CALL.endUs, (c) => c.endUs),
    dictId('tenant_k', group, CALL.tenant, (c) => c.tenant),
    dictId('agent_k', group, CALL.agent, (c) => c.agent),
    dictId('task_type_k', group, CALL.taskType, (c) => c.taskType),
    dictId('service_k', group, CALL.serviceName, (c) => c.serviceName),
    dictId('provider_k', group, CALL.provider, (c) => c.provider),
    dictId('request_model_k', group, CALL.requestModel, (c) => c.requestModel),
    dictId('response_model_k', group, CALL.responseModel, (c) => c.responseModel),
    dictId('priced_model_k', group, CALL.pricedModel, (c) => c.pricedModel),
    dictId('operation_k', group, CALL.operation, (c) => c.operation),
    dictId('category_k', group, CALL.category, (c) => c.category),
    dictId('status_k', group, CALL.status, (c) => c.status),
    dictId('error_type_k', group, CALL.errorType, (c) => c.errorType),
    dictId('price_source_k', group, CALL.priceSource, (c) => c.priceSource),
    dictId('service_tier_k', group, CALL.serviceTier, (c) => c.serviceTier),
    tokens('input_tokens', CALL.inputTokens, (c) => c.inputTokens),
    tokens('output_tokens', CALL.outputTokens, (c) => c.outputTokens),
    tokens('cache_read_tokens', CALL.cacheReadTokens, (c) => c.cacheReadTokens),
    tokens('cache_write_tokens', CALL.cacheWriteTokens, (c) => c.cacheWriteTokens),
    tokens('cache_write_1h_tokens', CALL.cacheWrite1hTokens, (c) => c.cacheWrite1hTokens),
    tokens('reasoning_tokens', CALL.reasoningTokens, (c) => c.reasoningTokens),
    tokens('input_audio_tokens', CALL.inputAudioTokens, (c) => c.inputAudioTokens),
    tokens('output_audio_tokens', CALL.outputAudioTokens, (c) => c.outputAudioTokens),
    tokens('input_image_tokens', CALL.inputImageTokens, (c) => c.inputImageTokens),
    tokens('output_image_tokens', CALL.outputImageTokens, (c) => c.outputImageTokens),
    cost('input_cost', CALL.inputCost, (k) => k.inputCost),
    cost('output_cost', CALL.outputCost, (k) => k.outputCost),
    cost('cache_read_cost', CALL.cacheReadCost, (k) => k.cacheReadCost),
    cost('cache_write_cost', CALL.cacheWriteCost, (k) => k.cacheWriteCost),
    cost('reasoning_cost', CALL.reasoningCost, (k) => k.reasoningCost),
    cost('other_cost', CALL.otherCost, (k) => k.otherCost),
    cost('total_cost', CALL.totalCost, (k) => k.totalCost),
    int32Column('attempt', (c) => c.attempt),
    booleanColumn('is_retry', (c) => c.isRetry),
    hexId('request_hash', (c) => (c.requestHash === null || !/^[0-9a-f]{16}/i.test(c.requestHash) ? null : c.requestHash)),
    varcharColumn('run_id', (c) => c.runId),
    varcharColumn('session_id', (c) => c.sessionId),
    varcharColumn('attributes', (c) => (c.attributesJson === '' ? null : c.attributesJson)),
    bigintColumn('commit_seq', () => group.seq),
    varcharColumn('response_id', (c) => c.responseId),
  ];
}

/**
 * Appends CallRecords to a table shaped like llm_calls_raw (see ChunkWriter).
 * One writer owns one instance.
 */
export class CallRowWriter {
  private readonly group: GroupState;
  private readonly writer: ChunkWriter<CallRecord>;

  constructor(dict: Dictionary) {
    this.group = { dict, names: new NameIds(dict), seq: 0, keys: new Uint32Array(0), base: 0 };
    this.writer = new ChunkWriter(callColumns(this.group));
  }

  get columnNames(): string[] {
    return this.writer.columnNames;
  }

  /** `keys`: the calls' span keys, KEY_WORDS words each (recent-keys.ts writeKey). */
  append(appender: DuckDBAppender, calls: readonly CallRecord[], commitSeq: number, keys: Uint32Array): void {
    this.group.seq = commitSeq;
    this.group.keys = keys;
    this.writer.append(appender, calls, (start) => (this.group.base = start));
  }
}
