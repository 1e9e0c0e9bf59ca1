import type { LineageFixup, Rejection } from '../batch.js';
import type { ActivityRecord, CallRecord, CallStatus, Category, PriceSource, ActivityType } from '../records.js';

/**
 * The records the processing thread made of one export request, as it hands them to the main
 * thread: numbers in one Float64Array (transferred, not copied), the per-span strings (ids,
 * attributes JSON) concatenated into one string, and the names that repeat (tenant, agent,
 * model, run…) as ids into a string table that both threads grow in step.
 *
 * Structured clone of the records themselves cost ~4.5 µs a call to rebuild on the main thread
 * (measured here); this costs a fraction of that, and the repeated names arrive as the very
 * same string objects each time.
 */
export interface EncodedRecords {
  /** The receiving table must be emptied before this message's ids are read. */
  resetTable: boolean;
  /** Strings new to the table, in id order after the ones already there. */
  newStrings: string[];
  text: string;
  numbers: Float64Array;
  calls: number;
  activities: number;
  fixups: number;
  rejections: number;
}

export interface ProcessedRecords {
  calls: CallRecord[];
  activities: ActivityRecord[];
  fixups: LineageFixup[];
  rejections: Rejection[];
}

/**
 * Once the sending table holds this many strings it starts afresh (run and session ids never
 * repeat for long; the table must not grow with them forever).
 */
export const STRING_TABLE_LIMIT = 65_536;

const NULL_ID = -1;
const NULL_LENGTH = -1;

/** The sending side: one per processing thread, used for every message in order. */
export class RecordEncoder {
  private readonly ids = new Map<string, number>();
  private numbers = new Float64Array(0);
  private n = 0;
  private parts: string[] = [];
  private newStrings: string[] = [];
  /** Set when an encode failed part-way: the table holds ids the other side never got. */
  private mustReset = false;

  encode(records: ProcessedRecords): EncodedRecords {
    try {
      return this.encodeAll(records);
    } catch (error) {
      this.mustReset = true;
      throw error;
    }
  }

  private encodeAll(records: ProcessedRecords): EncodedRecords {
    const resetTable = this.mustReset || this.ids.size >= STRING_TABLE_LIMIT;
    if (resetTable) this.ids.clear();
    this.mustReset = false;
    this.numbers = new Float64Array(Math.max(64, records.calls.length * CALL_SLOTS + records.activities.length * ACTIVITY_SLOTS + records.fixups.length * FIXUP_SLOTS + records.rejections.length * REJECTION_SLOTS));
    this.n = 0;
    this.parts = [];
    this.newStrings = [];
    for (const c of records.calls) this.call(c);
    for (const a of records.activities) this.activity(a);
    for (const f of records.fixups) {
      this.intern(f.tenant);
      this.text(f.traceId);
      this.text(f.spanId);
      this.intern(f.agent);
      this.text(f.runId);
      this.text(f.sessionId);
      this.num(f.startUs);
    }
    for (const r of records.rejections) {
      this.text(r.spanId);
      this.text(r.reason);
    }
    const numbers = this.numbers.subarray(0, this.n);
    return {
      resetTable,
      newStrings: this.newStrings,
      text: this.parts.join(''),
      numbers,
      calls: records.calls.length,
      activities: records.activities.length,
      fixups: records.fixups.length,
      rejections: records.rejections.length,
    };
  }

  private origin(o: CallRecord | ActivityRecord): void {
    this.text(o.traceId);
    this.text(o.spanId);
    this.text(o.parentSpanId);
    this.num(o.startUs);
    this.num(o.endUs);
    this.intern(o.tenant);
    this.intern(o.runId);
    this.intern(o.agent);
    this.intern(o.sessionId);
    this.intern(o.taskType);
  }

  private call(c: CallRecord): void {
    this.origin(c);
    this.intern(c.serviceName);
    this.intern(c.provider);
    this.intern(c.requestModel);
    this.intern(c.responseModel);
    this.intern(c.operation);
    this.intern(c.category);
    this.intern(c.status);
    this.intern(c.errorType);
    this.num(c.attempt);
    this.num(c.isRetry ? 1 : 0);
    this.numOrNull(c.explicitCostNanos);
    this.text(c.reservationId);
    this.text(c.requestHash);
    this.intern(c.serviceTier);
    this.intern(c.pricedModel);
    this.intern(c.priceSource);
    const cost = c.cost;
    if (cost === null) {
      this.num(0);
    } else {
      this.num(1);
      this.num(cost.inputCost);
      this.num(cost.outputCost);
      this.num(cost.cacheReadCost);
      this.num(cost.cacheWriteCost);
      this.num(cost.reasoningCost);
      this.num(cost.otherCost);
      this.num(cost.totalCost);
    }
    this.text(c.attributesJson);
    this.num(c.inputTokens);
    this.num(c.outputTokens);
    this.num(c.cacheReadTokens);
    this.num(c.cacheWriteTokens);
    this.num(c.cacheWrite1hTokens);
    this.num(c.reasoningTokens);
    this.num(c.inputAudioTokens);
    this.num(c.outputAudioTokens);
    this.num(c.inputImageTokens);
    this.num(c.outputImageTokens);
  }

  private activity(a: ActivityRecord): void {
    this.origin(a);
    this.intern(a.eventType);
    this.intern(a.name);
    this.intern(a.status);
    this.intern(a.errorType);
    this.numOrNull(a.costNanos);
    this.intern(a.priceSource);
    this.text(a.attributesJson);
  }

  private num(value: number): void {
    this.numbers[this.n++] = value;
  }

  /** null travels as NaN, which no count or cost can be. */
  private numOrNull(value: number | null): void {
    this.numbers[this.n++] = value === null ? NaN : value;
  }

  private text(value: string | null): void {
    if (value === null) {
      this.numbers[this.n++] = NULL_LENGTH;
      return;
    }
    this.numbers[this.n++] = value.length;
    this.parts.push(value);
  }

  private intern(value: string | null): void {
    if (value === null) {
      this.numbers[this.n++] = NULL_ID;
      return;
    }
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(value, id);
      this.newStrings.push(value);
    }
    this.numbers[this.n++] = id;
  }
}

/** The slots a record takes at most (a priced call takes all of its). */
const CALL_SLOTS = 45;
const ACTIVITY_SLOTS = 17;
const FIXUP_SLOTS = 7;
const REJECTION_SLOTS = 2;

/** The receiving side: one per processing thread, fed its messages in the order they were sent. */
export class RecordDecoder {
  private strings: string[] = [];
  private numbers: Float64Array = new Float64Array(0);
  private n = 0;
  private text = '';
  private at = 0;

  decode(message: EncodedRecords): ProcessedRecords {
    if (message.resetTable) this.strings = [];
    for (const s of message.newStrings) this.strings.push(s);
    this.numbers = message.numbers;
    this.n = 0;
    this.text = message.text;
    this.at = 0;
    const calls: CallRecord[] = new Array(message.calls);
    for (let i = 0; i < message.calls; i++) calls[i] = this.call();
    const activities: ActivityRecord[] = new Array(message.activities);
    for (let i = 0; i < message.activities; i++) activities[i] = this.activity();
    const fixups: LineageFixup[] = new Array(message.fixups);
    for (let i = 0; i < message.fixups; i++) {
      fixups[i] = { tenant: this.string(), traceId: this.textOf(), spanId: this.textOf(), agent: this.stringOrNull(), runId: this.textOrNull(), sessionId: this.textOrNull(), startUs: this.num() };
    }
    const rejections: Rejection[] = new Array(message.rejections);
    for (let i = 0; i < message.rejections; i++) rejections[i] = { spanId: this.textOf(), reason: this.textOf() };
    this.text = '';
    this.numbers = new Float64Array(0);
    return { calls, activities, fixups, rejections };
  }

  // Field by field in buildCallRecord's order: the records get the same V8 layout as records
  // made on this thread (a different layout slowed every later stage, see call-record.ts).
  private call(): CallRecord {
    const traceId = this.textOf();
    const spanId = this.textOf();
    const parentSpanId = this.textOf();
    const startUs = this.num();
    const endUs = this.num();
    const tenant = this.string();
    const runId = this.string();
    const agent = this.string();
    const sessionId = this.stringOrNull();
    const taskType = this.stringOrNull();
    const serviceName = this.string();
    const provider = this.string();
    const requestModel = this.string();
    const responseModel = this.string();
    const operation = this.string();
    const category = this.string() as Category;
    const status = this.string() as CallStatus;
    const errorType = this.stringOrNull();
    const attempt = this.count();
    const isRetry = this.num() === 1;
    const explicitCostNanos = this.numOrNull();
    const reservationId = this.textOrNull();
    const requestHash = this.textOrNull();
    const serviceTier = this.stringOrNull();
    const pricedModel = this.stringOrNull();
    const priceSource = this.string() as PriceSource;
    const cost =
      this.num() === 0
        ? null
        : {
            inputCost: this.num(),
            outputCost: this.num(),
            cacheReadCost: this.num(),
            cacheWriteCost: this.num(),
            reasoningCost: this.num(),
            otherCost: this.num(),
            totalCost: this.num(),
          };
    return {
      traceId,
      spanId,
      parentSpanId,
      startUs,
      endUs,
      tenant,
      runId,
      agent,
      sessionId,
      taskType,
      serviceName,
      provider,
      requestModel,
      responseModel,
      operation,
      category,
      status,
      errorType,
      attempt,
      isRetry,
      explicitCostNanos,
      reservationId,
      requestHash,
      serviceTier,
      pricedModel,
      priceSource,
      cost,
      attributesJson: this.textOf(),
      inputTokens: this.count(),
      outputTokens: this.count(),
      cacheReadTokens: this.count(),
      cacheWriteTokens: this.count(),
      cacheWrite1hTokens: this.count(),
      reasoningTokens: this.count(),
      inputAudioTokens: this.count(),
      outputAudioTokens: this.count(),
      inputImageTokens: this.count(),
      outputImageTokens: this.count(),
    };
  }

  private activity(): ActivityRecord {
    return {
      traceId: this.textOf(),
      spanId: this.textOf(),
      parentSpanId: this.textOf(),
      startUs: this.num(),
      endUs: this.num(),
      tenant: this.string(),
      runId: this.string(),
      agent: this.string(),
      sessionId: this.stringOrNull(),
      taskType: this.stringOrNull(),
      eventType: this.string() as ActivityType,
      name: this.string(),
      status: this.string() as CallStatus,
      errorType: this.stringOrNull(),
      costNanos: this.numOrNull(),
      priceSource: this.string() as PriceSource,
      attributesJson: this.textOf(),
    };
  }

  private num(): number {
    return this.numbers[this.n++]!;
  }

  /**
   * A count (tokens, attempts): read from the Float64Array it is a double, and records built
   * from doubles get double fields, which V8 boxes afresh on every generic read (the column
   * writers read them through one shared closure): ~270 bytes of garbage a call. As an int32 it
   * is a small integer; a count beyond 32 bits stays a double.
   */
  private count(): number {
    const value = this.numbers[this.n++]!;
    return (value | 0) === value ? value | 0 : value;
  }

  private numOrNull(): number | null {
    const value = this.numbers[this.n++]!;
    return Number.isNaN(value) ? null : value;
  }

  private textOrNull(): string | null {
    const length = this.numbers[this.n++]!;
    if (length === NULL_LENGTH) return null;
    const value = this.text.slice(this.at, this.at + length);
    this.at += length;
    return value;
  }

  private textOf(): string {
    return this.textOrNull() ?? '';
  }

  private stringOrNull(): string | null {
    const id = this.numbers[this.n++]!;
    return id === NULL_ID ? null : this.strings[id]!;
  }

  private string(): string {
    return this.stringOrNull() ?? '';
  }
}
