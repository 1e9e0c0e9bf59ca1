import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpLoad } from '../../src/bench/load-generator.js';

/** A loopback receiver that refuses the first `refusals` requests with 429 and Retry-After: 1. */
async function throttlingReceiver(refusals: number): Promise<{ server: Server; url: string; bodies: string[]; refusedAt: number[]; takenAt: number[] }> {
  const bodies: string[] = [];
  const refusedAt: number[] = [];
  const takenAt: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (refusedAt.length < refusals) {
        refusedAt.push(performance.now());
        res.writeHead(429, { 'retry-after': '1' }).end();
        return;
      }
      takenAt.push(performance.now());
      bodies.push(Buffer.concat(chunks).toString());
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`, bodies, refusedAt, takenAt };
}

describe('httpLoad: the bench load over OTLP/HTTP', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('drops a refused body by default and counts the 429', async () => {
    const receiver = await throttlingReceiver(1);
    server = receiver.server;
    const result = await httpLoad(receiver.url, [Buffer.from('a'), Buffer.from('b')], 512, 1);
    expect(result).toMatchObject({ spans: 512, throttled: 1, failed: 0 });
    expect(receiver.bodies).toEqual(['b']);
  });

  it('with resendThrottled sends a refused body again once Retry-After has passed, until every body is taken', async () => {
    const receiver = await throttlingReceiver(2);
    server = receiver.server;
    let done = 0;
    const result = await httpLoad(receiver.url, [Buffer.from('a'), Buffer.from('b')], 512, 1, { resendThrottled: true, onBody: () => done++ });
    expect(result).toMatchObject({ spans: 1024, throttled: 2, failed: 0 });
    expect(receiver.bodies).toEqual(['a', 'b']);
    // Each body is reported once, however often it was refused.
    expect(done).toBe(2);
    // The resend waited for the server's Retry-After (1 s; a little slack for timer rounding).
    expect(receiver.takenAt[0]! - receiver.refusedAt[1]!).toBeGreaterThanOrEqual(990);
  });
});
