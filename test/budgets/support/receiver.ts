import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: Record<string, unknown>;
  atMs: number;
}

/**
 * A real HTTP receiver on loopback. `fail(n)` makes the next n requests answer 500 (or `status`);
 * every request, failed or not, is recorded in `attempts`, the accepted ones in `received`.
 */
export async function startReceiver() {
  const attempts: Received[] = [];
  const received: Received[] = [];
  let failuresLeft = 0;
  let failStatus = 500;
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const r: Received = { path: req.url ?? '', headers: req.headers, body, json: body ? (JSON.parse(body) as Record<string, unknown>) : {}, atMs: Date.now() };
      attempts.push(r);
      if (failuresLeft > 0) {
        failuresLeft--;
        res.statusCode = failStatus;
        res.end('nope');
        return;
      }
      received.push(r);
      res.end('ok');
      for (const w of waiters.splice(0)) {
        if (received.length >= w.n) w.resolve();
        else waiters.push(w);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  return {
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    port,
    attempts,
    received,
    fail(n: number, status = 500) {
      failuresLeft = n;
      failStatus = status;
    },
    /** Resolves once `n` requests were accepted. */
    waitFor(n: number, timeoutMs = 10_000): Promise<void> {
      if (received.length >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`expected ${n} deliveries, got ${received.length}`)), timeoutMs);
        waiters.push({ n, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
