import { describe, expect, it } from 'vitest';
import { isWholeFrame } from '../../../src/receivers/otlp/grpc.js';

/** A message as grpc-js hands it on: one buffer made for its frame, the view past the 5-byte header. */
function framed(messageBytes: number): Buffer {
  const frame = Buffer.concat([Buffer.from([0]), Buffer.alloc(4), Buffer.alloc(messageBytes, 7)], messageBytes + 5);
  return frame.subarray(5);
}

describe('gRPC messages the processing thread may take uncopied', () => {
  it('are the rest of a frame in a buffer of its own', () => {
    expect(isWholeFrame(framed(300_000))).toBe(true);
    expect(isWholeFrame(framed(Buffer.poolSize))).toBe(true);
  });

  it('are never a slice of Node’s shared pool, a view with data after it, or a whole buffer', () => {
    // Small frames come from the pool, which other Buffers share.
    const small = framed(100);
    expect(small.buffer.byteLength).toBeGreaterThan(105);
    expect(isWholeFrame(small)).toBe(false);
    const withTail = Buffer.alloc(300_010).subarray(5, 300_005);
    expect(isWholeFrame(withTail)).toBe(false);
    expect(isWholeFrame(Buffer.alloc(300_000))).toBe(false);
  });
});
