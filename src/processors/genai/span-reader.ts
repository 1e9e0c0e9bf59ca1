import type { AttributeValue, Attributes } from '../../pipeline/span.js';
import { FIELD_COUNT, KEY_SPECS, type FieldId } from './attribute-keys.js';
import { isContentAttribute } from './content-attributes.js';

/**
 * Reads one span's attributes in a single pass over its keys: each known key fills its field's
 * slot when it outranks the alias already there; unknown keys are remembered for the attributes
 * JSON. One reader is reused for every span of a processor, so reading allocates nothing.
 */
export class SpanReader {
  private readonly values: (AttributeValue | undefined)[] = new Array<AttributeValue | undefined>(FIELD_COUNT);
  private readonly keys: (string | undefined)[] = new Array<string | undefined>(FIELD_COUNT);
  private readonly ranks = new Int32Array(FIELD_COUNT);
  /** Keys of the current span that no call column takes, content attributes excepted. */
  private readonly unmapped: KeyFacts[] = [];
  private attributes: Attributes = {};
  /** The last call attributes JSON built, and the keys and values it was built from. */
  private lastJson = '';
  private readonly lastKeys: KeyFacts[] = [];
  private readonly lastValues: (AttributeValue | undefined)[] = [];

  read(attributes: Attributes): void {
    this.attributes = attributes;
    this.values.fill(undefined);
    this.keys.fill(undefined);
    this.ranks.fill(0x7fffffff);
    this.unmapped.length = 0;
    for (const key in attributes) {
      const facts = factsOf(key);
      if (!facts.callColumn && !facts.content) this.unmapped.push(facts);
      const field = facts.field;
      if (field < 0) continue;
      const value = attributes[key];
      // An empty value is no value: it must not hide a lower-ranked alias that has one.
      if (value === null || value === undefined || value === '') continue;
      if (facts.rank < this.ranks[field]) {
        this.ranks[field] = facts.rank;
        this.values[field] = value;
        this.keys[field] = key;
      }
    }
  }

  has(field: FieldId): boolean {
    return this.values[field] !== undefined;
  }

  value(field: FieldId): AttributeValue | undefined {
    return this.values[field];
  }

  /** The attribute key the field's value came from, for messages that name it. */
  key(field: FieldId): string {
    return this.keys[field] ?? '';
  }

  /** The field as a string; numbers (ids sent as ints) are accepted, anything else is absent. */
  string(field: FieldId): string | undefined {
    const value = this.values[field];
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    return undefined;
  }

  /**
   * JSON of the attributes that no call column takes ('' when none). A fleet's calls mostly repeat
   * them (request parameters, finish reasons, server): when a span's are those of the call before,
   * key for key and value for value, the JSON built then is returned again, the same string. That
   * saves building it (and its garbage), and the hand-over, which sends a repeated JSON by its id
   * in a string table, finds the string by a hash V8 keeps in it instead of hashing a new one.
   */
  callAttributesJson(): string {
    const keys = this.unmapped;
    if (keys.length === 0) return '';
    if (this.sameAsLast(keys)) return this.lastJson;
    this.lastJson = jsonOf(this.attributes, keys);
    this.lastKeys.length = keys.length;
    this.lastValues.length = keys.length;
    for (let i = 0; i < keys.length; i++) {
      this.lastKeys[i] = keys[i]!;
      this.lastValues[i] = this.attributes[keys[i]!.key];
    }
    return this.lastJson;
  }

  private sameAsLast(keys: readonly KeyFacts[]): boolean {
    const last = this.lastKeys;
    if (keys.length !== last.length) return false;
    for (let i = 0; i < keys.length; i++) {
      const facts = keys[i]!;
      if (facts !== last[i] || !sameValue(this.attributes[facts.key], this.lastValues[i])) return false;
    }
    return true;
  }

  /**
   * JSON of the attributes that no activity column takes ('' when none). Activities are far
   * fewer than calls, so this second pass over the keys stays off the hot path. Usage and cost
   * that agent spans repeat from their children stay here, visible and never counted.
   */
  activityAttributesJson(keepCost: boolean): string {
    const keys: KeyFacts[] = [];
    for (const key in this.attributes) {
      const facts = factsOf(key);
      if (facts.content) continue;
      if (!facts.activityColumn || (keepCost && key === 'tokentally.cost.usd')) keys.push(facts);
    }
    return keys.length === 0 ? '' : jsonOf(this.attributes, keys);
  }
}

/** What the reader needs of one attribute key, worked out once per key (keys repeat on every span). */
interface KeyFacts {
  readonly key: string;
  /** The field the key fills, or -1. */
  readonly field: FieldId | -1;
  /** Among the field's aliases: lower wins. */
  readonly rank: number;
  readonly callColumn: boolean;
  readonly activityColumn: boolean;
  /** Prompt, completion or document text: kept out of every row (content-attributes.ts). */
  readonly content: boolean;
  /** `"key":`, escaped for JSON. */
  readonly json: string;
}

/**
 * One look-up a key where there were up to three (the key table, the content keys and prefixes,
 * the escaped-key cache): ~16 keys a span, read on every span.
 */
const keyFacts = new Map<string, KeyFacts>();
/** Keys are the senders' choice: past this many, new keys are worked out every time, not kept. */
const MAX_KNOWN_KEYS = 4_096;

function factsOf(key: string): KeyFacts {
  let facts = keyFacts.get(key);
  if (facts === undefined) {
    const spec = KEY_SPECS.get(key);
    facts = {
      key,
      field: spec?.field ?? -1,
      rank: spec?.rank ?? 0,
      callColumn: spec?.callColumn ?? false,
      activityColumn: spec?.activityColumn ?? false,
      content: spec === undefined && isContentAttribute(key),
      json: `${JSON.stringify(key)}:`,
    };
    if (keyFacts.size < MAX_KNOWN_KEYS) keyFacts.set(key, facts);
  }
  return facts;
}

/**
 * A JSON object of `keys` (distinct) in the order given. Written out by hand: building an object
 * to hand to JSON.stringify cost more than the rest of reading a span (it is done for every call).
 * Concatenated, not joined: V8 keeps the pieces as a rope that the hand-over's one join of the
 * whole request flattens, where a join here flattened every call's JSON once more (measured on
 * the bench's chat spans with that join included: ~0.70 against ~1.05 µs a call).
 */
function jsonOf(attributes: Attributes, keys: readonly KeyFacts[]): string {
  let json = '{';
  for (let i = 0; i < keys.length; i++) {
    const facts = keys[i]!;
    if (i > 0) json += ',';
    json += facts.json;
    json += jsonValue(attributes[facts.key]);
  }
  return `${json}}`;
}

/**
 * Whether two attribute values write the same JSON, as far as a cheap look tells: equal scalars,
 * or arrays of equal scalars (finish reasons). Anything else counts as different and is written.
 */
function sameValue(a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  if (a === b && (typeof a !== 'object' || a === null)) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (x !== b[i] || (typeof x === 'object' && x !== null)) return false;
  }
  return true;
}

/** JSON.stringify's text for one attribute value, without calling it for scalars and their arrays. */
function jsonValue(value: AttributeValue | undefined): string {
  if (typeof value === 'string') return isPlainAscii(value) ? `"${value}"` : JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) {
    let json = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) json += ',';
      json += jsonValue(value[i]);
    }
    return `${json}]`;
  }
  return JSON.stringify(value ?? null);
}

/** Printable ASCII without quote or backslash: the string is its own JSON body. */
function isPlainAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}
