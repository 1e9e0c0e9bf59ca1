import type { HrTime, Link } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import type { AttributeValue, Attributes, DecodedSpan } from '../../../../src/pipeline/span.js';
import { readableSpan, resource, type OtlpValue, type SpanSpec } from './readable-spans.js';

/** A seeded PRNG (mulberry32), so every failure reproduces from its seed. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  hex(digits: number): string {
    let out = '';
    for (let i = 0; i < digits; i++) out += this.int(16).toString(16);
    return out;
  }
}

/** Code point ranges for random strings: ASCII, controls, Latin-1, BMP, astral; never a lone surrogate. */
const RANGES: readonly [number, number][] = [
  [0x20, 0x7e],
  [0x20, 0x7e],
  [0x00, 0x1f],
  [0xa0, 0xff],
  [0x100, 0xd7ff],
  [0xe000, 0xfffd],
  [0x10000, 0x10ffff],
];

export function randomString(rnd: Random): string {
  // Mostly short (the cached, hand-decoded paths), sometimes past 64 bytes (TextDecoder).
  const length = rnd.pick([0, 1, 3, 8, 13, 20, 31, 32, 33, 40, 64, 65, 100]);
  const asciiOnly = rnd.next() < 0.5;
  let out = rnd.next() < 0.05 ? '\ufeff' : '';
  for (let i = 0; i < length; i++) {
    const [low, high] = asciiOnly ? RANGES[0] : rnd.pick(RANGES);
    out += String.fromCodePoint(low + rnd.int(high - low + 1));
  }
  return out;
}

const INTS = [0, 1, 127, 128, 300, 16384, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53 - 1, 2 ** 53, 2 ** 60, 2 ** 62];

function randomInt(rnd: Random): number {
  const magnitude = rnd.next() < 0.5 ? rnd.pick(INTS) : rnd.int(2 ** 31);
  // `|| 0` so a negated zero stays +0, which is what both wire formats carry.
  return rnd.next() < 0.4 ? -magnitude || 0 : magnitude;
}

function randomDouble(rnd: Random): number {
  const value = rnd.pick([0.5, -0.1, 1.5e300, 5e-324, Math.PI, (rnd.next() - 0.5) * 1e6 + 0.25]);
  return Number.isInteger(value) ? value + 0.5 : value;
}

export function randomValue(rnd: Random, depth: number): OtlpValue {
  const nested = depth < 3;
  switch (rnd.int(nested ? 7 : 5)) {
    case 0:
      return randomString(rnd);
    case 1:
      return randomInt(rnd);
    case 2:
      return randomDouble(rnd);
    case 3:
      return rnd.next() < 0.5;
    case 4:
      return Uint8Array.from({ length: rnd.int(20) }, () => rnd.int(256));
    case 5:
      return Array.from({ length: rnd.int(4) }, () => randomValue(rnd, depth + 1));
    default:
      return randomAttributes(rnd, rnd.int(4), depth + 1);
  }
}

const GEN_AI_KEYS = ['gen_ai.operation.name', 'gen_ai.request.model', 'gen_ai.usage.input_tokens', 'session.id'];

export function randomAttributes(rnd: Random, count: number, depth = 0): Record<string, OtlpValue> {
  const attributes: Record<string, OtlpValue> = {};
  for (let i = 0; i < count; i++) {
    const key = rnd.next() < 0.3 ? rnd.pick(GEN_AI_KEYS) : randomString(rnd);
    attributes[key] = randomValue(rnd, depth);
  }
  return attributes;
}

/** Up to 9,007,199,253 s, so that every time in micros stays below 2^53. */
function randomTime(rnd: Random): HrTime {
  const seconds = rnd.pick([0, 1_700_000_000, 4_294_967_296, 9_007_199_253, rnd.int(9_007_199_254)]);
  return [seconds, rnd.pick([0, 999, 1000, 999_999_999, rnd.int(1_000_000_000)])];
}

export interface RandomRequest {
  spans: ReadableSpan[];
  specs: SpanSpec[];
}

/** Spans spread over 1-3 resources and 1-3 scopes, some with events and links to be skipped. */
export function randomRequest(rnd: Random, maxSpans = 8): RandomRequest {
  const resources: Resource[] = Array.from({ length: 1 + rnd.int(3) }, () => resource(randomAttributes(rnd, rnd.int(5))));
  const scopes = Array.from({ length: 1 + rnd.int(3) }, () => ({ name: randomString(rnd), version: rnd.next() < 0.5 ? '1.0.0' : undefined }));
  const specs: SpanSpec[] = [];
  const count = 1 + rnd.int(maxSpans);
  for (let i = 0; i < count; i++) {
    const traceId = rnd.hex(32);
    const events: TimedEvent[] = rnd.next() < 0.3 ? [{ name: randomString(rnd), time: randomTime(rnd), attributes: { n: 1 } }] : [];
    const links: Link[] =
      rnd.next() < 0.3 ? [{ context: { traceId: rnd.hex(32), spanId: rnd.hex(16), traceFlags: 1 }, attributes: { l: 'x' } }] : [];
    specs.push({
      traceId,
      spanId: rnd.hex(16),
      parentSpanId: rnd.next() < 0.7 ? rnd.hex(16) : undefined,
      name: randomString(rnd),
      kind: rnd.int(5),
      start: randomTime(rnd),
      end: randomTime(rnd),
      attributes: randomAttributes(rnd, rnd.int(12)),
      status: { code: rnd.int(3), message: rnd.next() < 0.5 ? randomString(rnd) : undefined },
      resource: rnd.pick(resources),
      scope: rnd.pick(scopes),
      events,
      links,
    });
  }
  return { specs, spans: specs.map(readableSpan) };
}

/** What a decoder must produce for `spec`, computed from the source values alone. */
export function expectedSpan(spec: SpanSpec): Omit<DecodedSpan, 'resource'> {
  return {
    traceId: spec.traceId,
    spanId: spec.spanId,
    parentSpanId: spec.parentSpanId ?? '',
    name: spec.name,
    kind: spec.kind + 1,
    startUs: hrTimeToMicros(spec.start),
    endUs: hrTimeToMicros(spec.end),
    attributes: expectedAttributes(spec.attributes),
    statusCode: spec.status.code,
    statusMessage: spec.status.message ?? '',
  };
}

export function expectedAttributes(attributes: Record<string, OtlpValue>): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) out[key] = expectedValue(value);
  return out;
}

function expectedValue(value: OtlpValue): AttributeValue {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(expectedValue);
  if (typeof value === 'object') return expectedAttributes(value);
  return value;
}

function hrTimeToMicros([seconds, nanos]: HrTime): number {
  return Number((BigInt(seconds) * 1_000_000_000n + BigInt(nanos)) / 1000n);
}
