import { createServer, type RequestListener, type Server } from 'node:http';

export interface HostPort {
  host: string;
  port: number;
}

/** Parses "host:port" (IPv6 in brackets). Port 0 asks the OS for a free port (tests). */
export function parseEndpoint(endpoint: string): HostPort {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(endpoint);
  if (!m) throw new Error(`bad endpoint "${endpoint}": expected host:port`);
  return { host: m[1] ?? m[2] ?? '127.0.0.1', port: Number(m[3]) };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

export function formatEndpoint({ host, port }: HostPort): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Starts an HTTP server and resolves with the port actually bound. */
export function listen(handler: RequestListener, at: HostPort): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(at.port, at.host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : at.port });
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    // Keep-alive clients (OTLP exporters) would otherwise hold shutdown open.
    setTimeout(() => server.closeAllConnections(), 2_000).unref();
  });
}
