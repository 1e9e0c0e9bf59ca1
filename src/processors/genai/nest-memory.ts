import { hexWord } from '../../util/hex-words.js';
import { KEY_WORDS, hashKey, sameKey, slotCount } from '../../util/span-key.js';

const BILLED = 1;
const BILLED_BELOW = 2;
/** A placeholder: a span a billed child named as parent, not seen itself yet (parent unknown). */
const PARENT_UNKNOWN = 4;
/** A root span: it has no parent. */
const ROOT = 8;

/**
 * What the nesting filter remembers of recent spans, found by span key (trace id + span id): the
 * parent link and whether the span was billed or has a billed call below. Bounded: the `capacity`
 * most recently added spans, the oldest dropped as new ones come.
 *
 * Typed arrays instead of a Map of node objects: every node (with its key string) outlived the
 * young generation only to die in the old one, which the main collector then had to mark and
 * sweep; through the bench's sustained overload this peaked ~20 MiB lower and took as many spans
 * or more (README, Performance). Entries sit in a ring in insertion order; an open-addressing
 * index over them (linear probing, deletion by backward shift) finds them by key.
 */
export class NestMemory {
  private readonly keys: Uint32Array;
  /** Span id of each entry's parent: high word, low word (meaningless for a root or a placeholder). */
  private readonly parents: Uint32Array;
  private readonly flags: Uint8Array;
  /** Entry + 1 by hash slot; 0 is an empty slot. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** The entry the next span goes into (the oldest once the ring is full). */
  private next = 0;
  size = 0;
  /** Entries whose parent is unknown: at 0 there are no marks to pass on. */
  placeholders = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`the nesting memory needs room for at least one span, not ${capacity}`);
    this.keys = new Uint32Array(capacity * KEY_WORDS);
    this.parents = new Uint32Array(capacity * 2);
    this.flags = new Uint8Array(capacity);
    const slots = slotCount(capacity);
    this.slots = new Int32Array(slots);
    this.mask = slots - 1;
  }

  /** The entry of the span whose key is at `key[at..at + 6]`, or -1. */
  find(key: Uint32Array, at: number): number {
    const { slots, mask, keys } = this;
    for (let s = hashKey(key, at) & mask; slots[s] !== 0; s = (s + 1) & mask) {
      const entry = slots[s]! - 1;
      if (sameKey(keys, entry * KEY_WORDS, key, at)) return entry;
    }
    return -1;
  }

  /**
   * A new entry for a span not held yet (key at `key[at..at + 6]`), with the parent given (null:
   * unknown) and no marks; the oldest entry makes room when the memory is full.
   */
  add(key: Uint32Array, at: number, parentSpanId: string | null): number {
    const entry = this.next;
    if (this.size === this.capacity) this.drop(entry);
    else this.size++;
    this.next = entry + 1 === this.capacity ? 0 : entry + 1;
    const o = entry * KEY_WORDS;
    for (let i = 0; i < KEY_WORDS; i++) this.keys[o + i] = key[at + i]!;
    this.flags[entry] = 0;
    this.setParent(entry, parentSpanId);
    const { slots, mask } = this;
    let s = hashKey(key, at) & mask;
    while (slots[s] !== 0) s = (s + 1) & mask;
    slots[s] = entry + 1;
    return entry;
  }

  billed(entry: number): boolean {
    return (this.flags[entry]! & BILLED) !== 0;
  }

  markBilled(entry: number): void {
    this.flags[entry]! |= BILLED;
  }

  billedBelow(entry: number): boolean {
    return (this.flags[entry]! & BILLED_BELOW) !== 0;
  }

  markBilledBelow(entry: number): void {
    this.flags[entry]! |= BILLED_BELOW;
  }

  /** Whether the span is a placeholder: its parent not known yet (parentOf would say null). */
  parentUnknown(entry: number): boolean {
    return (this.flags[entry]! & PARENT_UNKNOWN) !== 0;
  }

  /** The parent's span id: '' for a root span, null when not known yet. */
  parentOf(entry: number): string | null {
    const flags = this.flags[entry]!;
    if (flags & PARENT_UNKNOWN) return null;
    if (flags & ROOT) return '';
    return hex8(this.parents[2 * entry]!) + hex8(this.parents[2 * entry + 1]!);
  }

  /** Sets the parent ('' for none, null for unknown). */
  setParent(entry: number, parentSpanId: string | null): void {
    const flags = this.flags[entry]!;
    if (parentSpanId === null) {
      if (!(flags & PARENT_UNKNOWN)) this.placeholders++;
      this.flags[entry] = (flags & ~ROOT) | PARENT_UNKNOWN;
      return;
    }
    if (flags & PARENT_UNKNOWN) this.placeholders--;
    if (parentSpanId === '') {
      this.flags[entry] = (flags & ~PARENT_UNKNOWN) | ROOT;
      return;
    }
    this.flags[entry] = flags & ~(PARENT_UNKNOWN | ROOT);
    this.parents[2 * entry] = hexWord(parentSpanId, 0);
    this.parents[2 * entry + 1] = hexWord(parentSpanId, 8);
  }

  clear(): void {
    this.slots.fill(0);
    this.size = 0;
    this.next = 0;
    this.placeholders = 0;
  }

  /** Takes the entry out of the index (backward shift: later entries of its probe run move up). */
  private drop(entry: number): void {
    const { slots, mask, keys } = this;
    if (this.flags[entry]! & PARENT_UNKNOWN) this.placeholders--;
    let hole = hashKey(keys, entry * KEY_WORDS) & mask;
    while (slots[hole] !== entry + 1) hole = (hole + 1) & mask;
    for (let s = (hole + 1) & mask; slots[s] !== 0; s = (s + 1) & mask) {
      const home = hashKey(keys, (slots[s]! - 1) * KEY_WORDS) & mask;
      // The entry at s may fill the hole only if the hole lies between its home slot and s.
      if (((s - home) & mask) >= ((s - hole) & mask)) {
        slots[hole] = slots[s]!;
        hole = s;
      }
    }
    slots[hole] = 0;
  }
}

function hex8(word: number): string {
  return word.toString(16).padStart(8, '0');
}
