import { KEY_WORDS } from '../../util/span-key.js';
import type { CallRecord, CallStatus, Category, CostBreakdown, PriceSource } from '../records.js';

/** A name the string table does not hold: null. */
export const NULL_ID = -1;
/** The length of a null string. */
export const NULL_LENGTH = -1;
/**
 * The "length" of a text slot that holds, in place of its start, an id into the string table: a
 * text that repeats (the attributes JSON of a fleet's calls) travels once, not in every message.
 */
export const INTERNED_LENGTH = -2;

/**
 * Where each field of a record sits among its numbers in the hand-over (record-codec.ts): first
 * the fields calls and activity share, in field order (activity is read back in sequence), then a
 * call's own, CALL_SLOTS in all. A string of the message's text takes two slots, its start and its
 * length (or its id in the string table and INTERNED_LENGTH); a name is its id in the string
 * table; null numbers are NaN, which no count or cost can be.
 */
export const ORIGIN = {
  traceId: 0,
  spanId: 2,
  parentSpanId: 4,
  startUs: 6,
  endUs: 7,
  tenant: 8,
  runId: 9,
  agent: 10,
  sessionId: 11,
  taskType: 12,
} as const;

export const ORIGIN_SLOTS = ORIGIN.taskType + 1;

export const CALL = {
  ...ORIGIN,
  serviceName: 13,
  provider: 14,
  requestModel: 15,
  responseModel: 16,
  operation: 17,
  category: 18,
  status: 19,
  errorType: 20,
  attempt: 21,
  isRetry: 22,
  explicitCostNanos: 23,
  reservationId: 24,
  requestHash: 26,
  serviceTier: 28,
  pricedModel: 29,
  priceSource: 30,
  /** 1 when the cost slots that follow hold a cost, 0 when the call is unpriced. */
  priced: 31,
  inputCost: 32,
  outputCost: 33,
  cacheReadCost: 34,
  cacheWriteCost: 35,
  reasoningCost: 36,
  otherCost: 37,
  totalCost: 38,
  attributesJson: 39,
  inputTokens: 41,
  outputTokens: 42,
  cacheReadTokens: 43,
  cacheWriteTokens: 44,
  cacheWrite1hTokens: 45,
  reasoningTokens: 46,
  inputAudioTokens: 47,
  outputAudioTokens: 48,
  inputImageTokens: 49,
  outputImageTokens: 50,
  /**
   * The span key's six 32-bit words (trace id high to low, span id high, low; span-key.ts), then
   * the parent span id's two: parsed from hex on the processing thread, so that the writer's
   * commit chain does not (it reads them for the duplicate check and the id columns).
   */
  key: 51,
  parentWords: 57,
  responseId: 59,
} as const;

export const CALL_SLOTS = CALL.responseId + 2;

/** One hand-over message as the main thread received it, shared by the calls read from it. */
export class HandedOver {
  constructor(
    readonly numbers: Float64Array,
    readonly text: string,
    /** The string table as it stood for this message (a reset starts a new array, never empties this one). */
    readonly strings: readonly string[],
  ) {}
}

/**
 * A call read in place from the hand-over: the main thread's records used to be rebuilt as
 * objects of ~40 fields (~540 bytes a call with their strings), which outlived a scavenge while
 * they waited for their commit, so V8 pretenured them and marked its old generation again every
 * ~100 ms under load (most of the process's garbage collection). This is two fields; every value
 * is read from the message's numbers when asked. Its cost breakdown is itself (no object a read).
 * Read-only: the processors that change records ran on the processing thread.
 */
export class EncodedCall implements CallRecord, CostBreakdown {
  constructor(
    private readonly from: HandedOver,
    private readonly at: number,
  ) {}

  /**
   * The number at `slot` (CALL's places) as the hand-over holds it: the getters read it, and the
   * writer reads its number columns this way, a chunk at a time (see call-rows.ts).
   */
  slot(slot: number): number {
    return this.from.numbers[this.at + slot]!;
  }

  /** Copies the call's span key (KEY_WORDS words) to `out[at..]`. */
  writeKey(out: Uint32Array, at: number): void {
    const numbers = this.from.numbers;
    const from = this.at + CALL.key;
    for (let i = 0; i < KEY_WORDS; i++) out[at + i] = numbers[from + i]!;
  }

  /** The string table a name's slot (its id, NULL_ID for null) indexes. */
  get names(): readonly string[] {
    return this.from.strings;
  }

  private nameOrNull(slot: number): string | null {
    const id = this.slot(slot);
    return id === NULL_ID ? null : this.from.strings[id]!;
  }

  private name(slot: number): string {
    return this.nameOrNull(slot) ?? '';
  }

  private textOrNull(slot: number): string | null {
    const start = this.slot(slot);
    const length = this.slot(slot + 1);
    if (length === INTERNED_LENGTH) return this.from.strings[start]!;
    return length === NULL_LENGTH ? null : this.from.text.slice(start, start + length);
  }

  private text(slot: number): string {
    return this.textOrNull(slot) ?? '';
  }

  get traceId(): string {
    return this.text(CALL.traceId);
  }
  get spanId(): string {
    return this.text(CALL.spanId);
  }
  get parentSpanId(): string {
    return this.text(CALL.parentSpanId);
  }
  get startUs(): number {
    return this.slot(CALL.startUs);
  }
  get endUs(): number {
    return this.slot(CALL.endUs);
  }
  get tenant(): string {
    return this.name(CALL.tenant);
  }
  get runId(): string {
    return this.name(CALL.runId);
  }
  get agent(): string {
    return this.name(CALL.agent);
  }
  get sessionId(): string | null {
    return this.nameOrNull(CALL.sessionId);
  }
  get taskType(): string | null {
    return this.nameOrNull(CALL.taskType);
  }
  get serviceName(): string {
    return this.name(CALL.serviceName);
  }
  get provider(): string {
    return this.name(CALL.provider);
  }
  get requestModel(): string {
    return this.name(CALL.requestModel);
  }
  get responseModel(): string {
    return this.name(CALL.responseModel);
  }
  get operation(): string {
    return this.name(CALL.operation);
  }
  get category(): Category {
    return this.name(CALL.category) as Category;
  }
  get status(): CallStatus {
    return this.name(CALL.status) as CallStatus;
  }
  get errorType(): string | null {
    return this.nameOrNull(CALL.errorType);
  }
  get attempt(): number {
    return this.slot(CALL.attempt);
  }
  get isRetry(): boolean {
    return this.slot(CALL.isRetry) === 1;
  }
  get explicitCostNanos(): number | null {
    const value = this.slot(CALL.explicitCostNanos);
    return Number.isNaN(value) ? null : value;
  }
  get reservationId(): string | null {
    return this.textOrNull(CALL.reservationId);
  }
  get requestHash(): string | null {
    return this.textOrNull(CALL.requestHash);
  }
  get serviceTier(): string | null {
    return this.nameOrNull(CALL.serviceTier);
  }
  get pricedModel(): string | null {
    return this.nameOrNull(CALL.pricedModel);
  }
  get priceSource(): PriceSource {
    return this.name(CALL.priceSource) as PriceSource;
  }
  get cost(): CostBreakdown | null {
    return this.slot(CALL.priced) === 1 ? this : null;
  }
  get inputCost(): number {
    return this.slot(CALL.inputCost);
  }
  get outputCost(): number {
    return this.slot(CALL.outputCost);
  }
  get cacheReadCost(): number {
    return this.slot(CALL.cacheReadCost);
  }
  get cacheWriteCost(): number {
    return this.slot(CALL.cacheWriteCost);
  }
  get reasoningCost(): number {
    return this.slot(CALL.reasoningCost);
  }
  get otherCost(): number {
    return this.slot(CALL.otherCost);
  }
  get totalCost(): number {
    return this.slot(CALL.totalCost);
  }
  get attributesJson(): string {
    return this.text(CALL.attributesJson);
  }
  get responseId(): string | null {
    return this.textOrNull(CALL.responseId);
  }
  get inputTokens(): number {
    return this.slot(CALL.inputTokens);
  }
  get outputTokens(): number {
    return this.slot(CALL.outputTokens);
  }
  get cacheReadTokens(): number {
    return this.slot(CALL.cacheReadTokens);
  }
  get cacheWriteTokens(): number {
    return this.slot(CALL.cacheWriteTokens);
  }
  get cacheWrite1hTokens(): number {
    return this.slot(CALL.cacheWrite1hTokens);
  }
  get reasoningTokens(): number {
    return this.slot(CALL.reasoningTokens);
  }
  get inputAudioTokens(): number {
    return this.slot(CALL.inputAudioTokens);
  }
  get outputAudioTokens(): number {
    return this.slot(CALL.outputAudioTokens);
  }
  get inputImageTokens(): number {
    return this.slot(CALL.inputImageTokens);
  }
  get outputImageTokens(): number {
    return this.slot(CALL.outputImageTokens);
  }
}
