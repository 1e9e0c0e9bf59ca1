import { DecodeError } from '../../../pipeline/errors.js';
import { isHex } from './hex.js';

/*
 * Scalar conversions of the protobuf JSON mapping as OTLP/JSON uses it
 * (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding): ids as hex, 64-bit
 * integers as decimal strings or numbers, enums as integers (names accepted too).
 */

export type JsonObject = { [key: string]: unknown };

/**
 * A shape error with the path to the offending field. Each enclosing level prefixes its own
 * segment on the way out (see `within`), so the happy path never builds a path string.
 */
export class JsonFieldError extends DecodeError {
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}

/**
 * Returns a JsonFieldError from below `segment` with the segment prefixed to its path, for the
 * caller to throw. An empty path means the error is about the value at `segment` itself.
 */
export function within(segment: string, error: unknown): unknown {
  if (!(error instanceof JsonFieldError)) return error;
  const { path } = error;
  return new JsonFieldError(path === '' ? segment : path.startsWith('[') ? segment + path : `${segment}.${path}`, error.detail);
}

export function fail(path: string, detail: string): JsonFieldError {
  return new JsonFieldError(path, detail);
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asObject(value: unknown, path: string): JsonObject {
  if (isObject(value)) return value;
  throw fail(path, `expected an object, got ${describe(value)}`);
}

export function asArray(value: unknown, path: string): unknown[] {
  if (Array.isArray(value)) return value;
  throw fail(path, `expected an array, got ${describe(value)}`);
}

export function asString(value: unknown, path: string): string {
  if (typeof value === 'string') return value;
  throw fail(path, `expected a string, got ${describe(value)}`);
}

export function asBoolean(value: unknown, path: string): boolean {
  if (typeof value === 'boolean') return value;
  throw fail(path, `expected a boolean, got ${describe(value)}`);
}

/** A trace or span id: `hexLength` hex digits of either case, or '' (the proto3 default). */
export function asHexId(value: unknown, hexLength: number, path: string): string {
  const text = asString(value, path);
  if (text.length !== hexLength && text.length !== 0) {
    throw fail(path, `expected ${hexLength} hex characters, got ${text.length}`);
  }
  if (!isHex(text)) throw fail(path, 'expected hex characters only');
  return text.toLowerCase();
}

/**
 * Unix nanoseconds (fixed64) as integer microseconds. A decimal string is divided by dropping
 * its last three digits, which is exact at any size; a JSON number has already been rounded by
 * JSON.parse, and floor(n / 1000) is exact for every n below 2^53.
 */
export function nanosAsMicros(value: unknown, path: string): number {
  if (typeof value === 'string') {
    // 20 digits hold any uint64; longer strings are not timestamps (and would round to Infinity).
    if (value.length === 0 || value.length > 20 || !isDigits(value)) {
      throw fail(path, `expected unsigned decimal nanoseconds, got "${clip(value)}"`);
    }
    return value.length > 3 ? Number(value.slice(0, -3)) : 0;
  }
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return Math.floor(value / 1000);
  throw fail(path, `expected unsigned integer nanoseconds, got ${describe(value)}`);
}

/**
 * An int64 as a JS number (rounded to the nearest double above 2^53). Any integral JSON number
 * is taken as is: opentelemetry-js sends integral doubles beyond the int64 range as intValue.
 * A string must hold at most 19 digits, as a real int64 does.
 */
export function asInt64(value: unknown, path: string): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string') {
    const digits = value.charCodeAt(0) === 45 /* - */ ? value.slice(1) : value;
    if (digits.length > 0 && digits.length <= 19 && isDigits(digits)) return Number(value);
  }
  throw fail(path, `expected an integer, got ${describe(value)}`);
}

/** A double: a JSON number, or a string holding one, NaN, Infinity or -Infinity. */
export function asDouble(value: unknown, path: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    if (value === 'NaN') return NaN;
    if (value === 'Infinity') return Infinity;
    if (value === '-Infinity') return -Infinity;
    const number = value.trim() === '' ? NaN : Number(value);
    if (Number.isFinite(number)) return number;
  }
  throw fail(path, `expected a number, got ${describe(value)}`);
}

/** An int32 enum as its integer, from an integer or one of its protobuf value names. */
export function asEnum(value: unknown, names: readonly string[], path: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff) return value;
  if (typeof value === 'string') {
    const index = names.indexOf(value);
    if (index >= 0) return index;
  }
  throw fail(path, `expected an enum integer, got ${describe(value)}`);
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** bytes as standard padded base64, whichever base64 alphabet the sender used. */
export function asBase64(value: unknown, path: string): string {
  const text = asString(value, path);
  const unpadded = text.length - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);
  if (!BASE64.test(text) || unpadded % 4 === 1) throw fail(path, 'expected base64');
  return Buffer.from(text, 'base64').toString('base64');
}

function isDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string "${clip(value)}"`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** Keeps error messages short when the offending value is a megabyte of garbage. */
function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
