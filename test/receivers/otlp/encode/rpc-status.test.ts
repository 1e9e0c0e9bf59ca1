import { describe, expect, it } from 'vitest';
import {
  encodeStatus,
  encodeStatusJson,
  encodeStatusProtobuf,
  RETRY_INFO_TYPE_URL,
  retryInfo,
} from '../../../../src/receivers/otlp/encode/index.js';
import { decodeMessage } from './reference-schema.js';

interface DecodedAny {
  type_url: string;
  value: Uint8Array;
}

function decodeStatus(bytes: Uint8Array): { code: number; message: string; details: DecodedAny[] } {
  return decodeMessage('google.rpc.Status', bytes) as { code: number; message: string; details: DecodedAny[] };
}

function retryDelayOf(detail: DecodedAny): unknown {
  expect(detail.type_url).toBe(RETRY_INFO_TYPE_URL);
  return decodeMessage('google.rpc.RetryInfo', detail.value).retry_delay;
}

describe('google.rpc.Status', () => {
  it('round-trips code, message and a RetryInfo detail through protobuf', () => {
    const status = decodeStatus(encodeStatusProtobuf({ code: 14, message: 'queue full \u2014 retry', details: [retryInfo(1500)] }));
    expect(status.code).toBe(14);
    expect(status.message).toBe('queue full \u2014 retry');
    expect(status.details).toHaveLength(1);
    expect(retryDelayOf(status.details[0])).toEqual({ seconds: 1, nanos: 500_000_000 });
  });

  it('encodes a status without details, and negative codes as int32', () => {
    expect(decodeStatus(encodeStatusProtobuf({ code: 3, message: 'bad span' }))).toEqual({ code: 3, message: 'bad span', details: [] });
    expect(decodeStatus(encodeStatusProtobuf({ code: -2, message: '' })).code).toBe(-2);
    expect(encodeStatusProtobuf({ code: 0, message: '' })).toEqual(new Uint8Array());
  });

  it('uses the proto3 JSON mapping, with each Any unpacked beside its @type', () => {
    expect(JSON.parse(encodeStatusJson({ code: 8, message: 'slow down', details: [retryInfo(2000)] }))).toEqual({
      code: 8,
      message: 'slow down',
      details: [{ '@type': RETRY_INFO_TYPE_URL, retryDelay: '2s' }],
    });
    expect(JSON.parse(encodeStatusJson({ code: 3, message: 'bad', details: [] }))).toEqual({ code: 3, message: 'bad' });
  });
});

describe('google.rpc.RetryInfo', () => {
  it.each([
    [0, { seconds: 0, nanos: 0 }, '0s'],
    [1, { seconds: 0, nanos: 1_000_000 }, '0.001s'],
    [1500, { seconds: 1, nanos: 500_000_000 }, '1.500s'],
    [30_000, { seconds: 30, nanos: 0 }, '30s'],
    [1234.5678, { seconds: 1, nanos: 234_567_800 }, '1.234567800s'],
    [0.0015, { seconds: 0, nanos: 1500 }, '0.000001500s'],
    [12.345, { seconds: 0, nanos: 12_345_000 }, '0.012345s'],
    [-5, { seconds: 0, nanos: 0 }, '0s'],
    [Number.NaN, { seconds: 0, nanos: 0 }, '0s'],
  ])('of %s ms is %j, "%s" in JSON', (ms, duration, json) => {
    const detail = retryInfo(ms);
    expect(retryDelayOf({ type_url: detail.typeUrl, value: detail.value })).toEqual(duration);
    expect(detail.json).toEqual({ retryDelay: json });
  });
});

describe('encodeStatus', () => {
  it('adds RetryInfo only when a retry delay is given', () => {
    const plain = decodeStatus(encodeStatus('protobuf', 3, 'bad'));
    expect(plain.details).toEqual([]);
    const retry = decodeStatus(encodeStatus('protobuf', 14, 'busy', 250));
    expect(retry.code).toBe(14);
    expect(retryDelayOf(retry.details[0])).toEqual({ seconds: 0, nanos: 250_000_000 });
  });

  it('writes JSON as UTF-8 bytes', () => {
    const body = JSON.parse(new TextDecoder().decode(encodeStatus('json', 8, 'slow \u00e9', 3000))) as unknown;
    expect(body).toEqual({ code: 8, message: 'slow \u00e9', details: [{ '@type': RETRY_INFO_TYPE_URL, retryDelay: '3s' }] });
  });
});
