import { KEY_WORDS, writeKey, writeSpanWords } from '../../util/span-key.js';
import type { LineageFixup, Rejection } from '../batch.js';
import type { ActivityRecord, CallRecord, CallStatus, PriceSource, ActivityType } from '../records.js';
import { CALL, CALL_SLOTS, EncodedCall, HandedOver, INTERNED_LENGTH, NULL_ID, NULL_LENGTH, ORIGIN, ORIGIN_SLOTS } from './encoded-call.js';

/**
 * The records the processing thread made of one export request, as it hands them to the main
 * thread: numbers in one Float64Array (transferred, not copied), the per-span strings (ids,
 * response ids, attributes JSON) concatenated into one string, and the names that repeat (tenant,
 * agent, model, run…, and a call's attributes JSON once seen twice: attributesAt) as ids into a
 * string table that both threads grow in step.
 *
 * Structured clone of the records themselves cost ~4.5 µs a call to rebuild on the main thread
 * (measured here); this costs a fraction of that, and the repeated names arrive as the very
 * same string objects each time. Calls take CALL_SLOTS numbers each at fixed places, first in the
 * message, so that the main thread reads them where they are (encoded-call.ts) instead of
 * rebuilding them; activity, fix-ups and rejections follow, read in order.
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

/**
 * How many attributes JSON texts seen once are remembered: a text seen again while remembered
 * goes into the string table (see attributesAt).
 */
const SEEN_ATTRIBUTES_LIMIT = 4_096;
/**
 * Longer attributes JSON texts always travel as text: the table and the set of texts seen hold
 * at most this much a text, so what they keep stays bounded (both threads keep the table).
 */
const MAX_INTERNED_JSON_LENGTH = 1_024;
/** And the table takes attributes JSON texts of at most this many characters in all. */
const INTERNED_JSON_CHARS_LIMIT = 2 ** 21;

/** The sending side: one per processing thread, used for every message in order. */
export class RecordEncoder {
  private readonly ids = new Map<string, number>();
  /** Attributes JSON texts sent once as text lately (cleared when full). */
  private readonly seenAttributes = new Set<string>();
  /** Characters of the attributes JSON texts in the table. */
  private internedJsonChars = 0;
  /** Scratch for one call's key words. */
  private readonly key = new Uint32Array(KEY_WORDS);
  private numbers = new Float64Array(0);
  private n = 0;
  private parts: string[] = [];
  private textLength = 0;
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
    if (resetTable) {
      this.ids.clear();
      this.internedJsonChars = 0;
    }
    this.mustReset = false;
    this.numbers = new Float64Array(Math.max(64, records.calls.length * CALL_SLOTS + records.activities.length * ACTIVITY_SLOTS + records.fixups.length * FIXUP_SLOTS + records.rejections.length * REJECTION_SLOTS));
    this.n = 0;
    this.parts = [];
    this.textLength = 0;
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
    // A typed array drops writes past its end without a word: slot counts that fell behind the
    // fields written would lose data silently.
    if (this.n > this.numbers.length) throw new Error(`record encoding: ${this.n} slots written into ${this.numbers.length}`);
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

  /** What calls and activity share, at ORIGIN's places from `at`. */
  private origin(at: number, o: CallRecord | ActivityRecord): void {
    const slots = this.numbers;
    this.textAt(at + ORIGIN.traceId, o.traceId);
    this.textAt(at + ORIGIN.spanId, o.spanId);
    this.textAt(at + ORIGIN.parentSpanId, o.parentSpanId);
    slots[at + ORIGIN.startUs] = o.startUs;
    slots[at + ORIGIN.endUs] = o.endUs;
    slots[at + ORIGIN.tenant] = this.idOf(o.tenant);
    slots[at + ORIGIN.runId] = this.idOf(o.runId);
    slots[at + ORIGIN.agent] = this.idOf(o.agent);
    slots[at + ORIGIN.sessionId] = this.idOf(o.sessionId);
    slots[at + ORIGIN.taskType] = this.idOf(o.taskType);
  }

  private call(c: CallRecord): void {
    const at = this.n;
    this.n += CALL_SLOTS;
    const slots = this.numbers;
    this.origin(at, c);
    slots[at + CALL.serviceName] = this.idOf(c.serviceName);
    slots[at + CALL.provider] = this.idOf(c.provider);
    slots[at + CALL.requestModel] = this.idOf(c.requestModel);
    slots[at + CALL.responseModel] = this.idOf(c.responseModel);
    slots[at + CALL.operation] = this.idOf(c.operation);
    slots[at + CALL.category] = this.idOf(c.category);
    slots[at + CALL.status] = this.idOf(c.status);
    slots[at + CALL.errorType] = this.idOf(c.errorType);
    slots[at + CALL.attempt] = c.attempt;
    slots[at + CALL.isRetry] = c.isRetry ? 1 : 0;
    slots[at + CALL.explicitCostNanos] = c.explicitCostNanos ?? NaN;
    this.textAt(at + CALL.reservationId, c.reservationId);
    this.textAt(at + CALL.requestHash, c.requestHash);
    slots[at + CALL.serviceTier] = this.idOf(c.serviceTier);
    slots[at + CALL.pricedModel] = this.idOf(c.pricedModel);
    slots[at + CALL.priceSource] = this.idOf(c.priceSource);
    const cost = c.cost;
    slots[at + CALL.priced] = cost === null ? 0 : 1;
    if (cost !== null) {
      slots[at + CALL.inputCost] = cost.inputCost;
      slots[at + CALL.outputCost] = cost.outputCost;
      slots[at + CALL.cacheReadCost] = cost.cacheReadCost;
      slots[at + CALL.cacheWriteCost] = cost.cacheWriteCost;
      slots[at + CALL.reasoningCost] = cost.reasoningCost;
      slots[at + CALL.otherCost] = cost.otherCost;
      slots[at + CALL.totalCost] = cost.totalCost;
    }
    this.attributesAt(at + CALL.attributesJson, c.attributesJson);
    this.textAt(at + CALL.responseId, c.responseId);
    this.keyWords(at, c);
    slots[at + CALL.inputTokens] = c.inputTokens;
    slots[at + CALL.outputTokens] = c.outputTokens;
    slots[at + CALL.cacheReadTokens] = c.cacheReadTokens;
    slots[at + CALL.cacheWriteTokens] = c.cacheWriteTokens;
    slots[at + CALL.cacheWrite1hTokens] = c.cacheWrite1hTokens;
    slots[at + CALL.reasoningTokens] = c.reasoningTokens;
    slots[at + CALL.inputAudioTokens] = c.inputAudioTokens;
    slots[at + CALL.outputAudioTokens] = c.outputAudioTokens;
    slots[at + CALL.inputImageTokens] = c.inputImageTokens;
    slots[at + CALL.outputImageTokens] = c.outputImageTokens;
  }

  /** The call's span key and parent id as 32-bit words (CALL.key, CALL.parentWords). */
  private keyWords(at: number, c: CallRecord): void {
    const slots = this.numbers;
    const key = this.key;
    writeKey(c.traceId, c.spanId, key, 0);
    for (let i = 0; i < KEY_WORDS; i++) slots[at + CALL.key + i] = key[i]!;
    // The parent id's words take the span id's place in the key (a root's, '', reads as 0).
    writeSpanWords(c.parentSpanId, key, 0);
    slots[at + CALL.parentWords] = key[4]!;
    slots[at + CALL.parentWords + 1] = key[5]!;
  }

  private activity(a: ActivityRecord): void {
    this.origin(this.n, a);
    this.n += ORIGIN_SLOTS;
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
    this.textAt(this.n, value);
    this.n += 2;
  }

  /** A string as its start in the message's text and its length (NULL_LENGTH for null). */
  private textAt(slot: number, value: string | null): void {
    this.numbers[slot] = this.textLength;
    if (value === null) {
      this.numbers[slot + 1] = NULL_LENGTH;
      return;
    }
    this.numbers[slot + 1] = value.length;
    this.parts.push(value);
    this.textLength += value.length;
  }

  /**
   * A call's attributes JSON: as text the first time, through the string table once it repeats.
   * A fleet's calls share a handful of such texts (finish reasons, request parameters, server);
   * sent as an id they cost no text in the message and reach the writer as one string object,
   * which DuckDB stores as a repeated value (with the response id in a column of its own, RSS
   * under load fell ~35 MiB, measured). Texts that never repeat (a sender's own unique attribute)
   * stay out of the table, which would otherwise fill and start afresh every STRING_TABLE_LIMIT
   * calls; long ones too, and past INTERNED_JSON_CHARS_LIMIT all, so that what it holds is bounded.
   */
  private attributesAt(slot: number, json: string): void {
    if (json === '' || json.length > MAX_INTERNED_JSON_LENGTH) {
      this.textAt(slot, json);
      return;
    }
    let id = this.ids.get(json);
    if (id === undefined && this.seenAttributes.has(json) && this.internedJsonChars + json.length <= INTERNED_JSON_CHARS_LIMIT) {
      id = this.idOf(json);
      this.internedJsonChars += json.length;
    }
    if (id !== undefined) {
      this.numbers[slot] = id;
      this.numbers[slot + 1] = INTERNED_LENGTH;
      return;
    }
    if (this.seenAttributes.size >= SEEN_ATTRIBUTES_LIMIT) this.seenAttributes.clear();
    this.seenAttributes.add(json);
    this.textAt(slot, json);
  }

  private intern(value: string | null): void {
    this.numbers[this.n++] = this.idOf(value);
  }

  private idOf(value: string | null): number {
    if (value === null) return NULL_ID;
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(value, id);
      this.newStrings.push(value);
    }
    return id;
  }
}

/** The slots a record of each kind takes (a string of the message's text takes two). */
const ACTIVITY_SLOTS = 21;
const FIXUP_SLOTS = 11;
const REJECTION_SLOTS = 4;

/** The receiving side: one per processing thread, fed its messages in the order they were sent. */
export class RecordDecoder {
  private strings: string[] = [];
  private numbers: Float64Array = new Float64Array(0);
  private n = 0;
  private text = '';

  decode(message: EncodedRecords): ProcessedRecords {
    if (message.resetTable) this.strings = [];
    for (const s of message.newStrings) this.strings.push(s);
    this.numbers = message.numbers;
    this.text = message.text;
    const handedOver = new HandedOver(message.numbers, message.text, this.strings);
    const calls: CallRecord[] = new Array(message.calls);
    for (let i = 0; i < message.calls; i++) calls[i] = new EncodedCall(handedOver, i * CALL_SLOTS);
    this.n = message.calls * CALL_SLOTS;
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

  // The origin's places are in field order (encoded-call.ts ORIGIN), so it reads in sequence.
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

  private numOrNull(): number | null {
    const value = this.numbers[this.n++]!;
    return Number.isNaN(value) ? null : value;
  }

  private textOrNull(): string | null {
    const start = this.numbers[this.n]!;
    const length = this.numbers[this.n + 1]!;
    this.n += 2;
    return length === NULL_LENGTH ? null : this.text.slice(start, start + length);
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
