import type { TokentallyConfig } from '../config/schema.js';
import { ConfigError } from '../config/load.js';
import { isLoopback, parseEndpoint } from '../util/net.js';

/**
 * With no API key configured every endpoint is open, so it may only listen on loopback.
 * Refuse to start otherwise, naming the endpoints at fault.
 */
export function assertSafeBinding(config: TokentallyConfig): void {
  if (config.auth.api_keys.length > 0) return;
  const endpoints: Array<[string, string | undefined]> = [
    ['receivers.otlp.protocols.grpc.endpoint', config.receivers.otlp.protocols.grpc?.endpoint],
    ['receivers.otlp.protocols.http.endpoint', config.receivers.otlp.protocols.http?.endpoint],
    ['api.endpoint', config.api.endpoint],
  ];
  const exposed = endpoints.filter(([, e]) => e !== undefined && !isLoopback(parseEndpoint(e).host));
  if (exposed.length > 0) {
    throw new ConfigError(
      exposed.map(([key, e]) => `${key}: "${e}" is not a loopback address, and no API key is configured; add auth.api_keys or bind to 127.0.0.1`),
      'configuration',
    );
  }
}
