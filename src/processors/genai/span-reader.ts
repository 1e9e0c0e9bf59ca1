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
  private readonly unmapped: string[] = [];
  private attributes: Attributes = {};

  read(attributes: Attributes): void {
    this.attributes = attributes;
    this.values.fill(undefined);
    this.keys.fill(undefined);
    this.ranks.fill(0x7fffffff);
    this.unmapped.length = 0;
    for (const key in attributes) {
      const spec = KEY_SPECS.get(key);
      if (spec === undefined) {
        if (!isContentAttribute(key)) this.unmapped.push(key);
        continue;
      }
      if (!spec.callColumn) this.unmapped.push(key);
      const value = attributes[key];
      // An empty value is no value: it must not hide a lower-ranked alias that has one.
      if (value === null || value === undefined || value === '') continue;
      if (spec.rank < this.ranks[spec.field]) {
        this.ranks[spec.field] = spec.rank;
        this.values[spec.field] = value;
        this.keys[spec.field] = key;
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

  /** JSON of the attributes that no call column takes ('' when none). */
  callAttributesJson(): string {
    return this.unmapped.length === 0 ? '' : jsonOf(this.attributes, this.unmapped);
  }

  /**
   * JSON of the attributes that no activity column takes ('' when none). Activities are far
   * fewer than calls, so this second pass over the keys stays off the hot path. Usage and cost
   * that agent spans repeat from their children stay here, visible and never counted.
   */
  activityAttributesJson(keepCost: boolean): string {
    const keys: string[] = [];
    for (const key in this.attributes) {
      const spec = KEY_SPECS.get(key);
      if (spec === undefined ? !isContentAttribute(key) : !spec.activityColumn || (keepCost && key === 'tokentally.cost.usd')) {
        keys.push(key);
      }
    }
    return keys.length === 0 ? '' : jsonOf(this.attributes, keys);
  }
}

/** `"key":` per attribute key; keys repeat on every span, so each is escaped once. */
const jsonKeys = new Map<string, string>();
const MAX_JSON_KEYS = 4_096;

function jsonKey(key: string): string {
  let encoded = jsonKeys.get(key);
  if (encoded === undefined) {
    encoded = `${JSON.stringify(key)}:`;
    // Keys are the senders' choice: past the bound they are escaped every time, not cached.
    if (jsonKeys.size < MAX_JSON_KEYS) jsonKeys.set(key, encoded);
  }
  return encoded;
}

/**
 * A JSON object of `keys` (distinct) in the order given. Written out by hand: building an object
 * to hand to JSON.stringify cost more than the rest of reading a span (it is done for every call).
 * Concatenated, not joined: V8 keeps the pieces as a rope that the hand-over's one join of the
 * whole request flattens, where a join here flattened every call's JSON once more (measured on
 * the bench's chat spans: ~0.35 against ~0.8 µs a call).
 */
function jsonOf(attributes: Attributes, keys: readonly string[]): string {
  let json = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (i > 0) json += ',';
    json += jsonKey(key);
    json += jsonValue(attributes[key]);
  }
  return `${json}}`;
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
