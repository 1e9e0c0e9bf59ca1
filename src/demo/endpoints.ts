/** Where the collector listens unless told otherwise (tokentally serve's defaults). */
export const DEFAULT_OTLP_HTTP_ENDPOINT = 'http://127.0.0.1:4318/v1/traces';
const DEFAULT_API_PORT = '4319';

export interface DemoEndpoints {
  /** OTLP/HTTP traces URL. */
  otlp: string;
  /** The API's base URL. */
  api: string;
}

/**
 * The OTLP traces URL (a bare http://host:port gets /v1/traces, as OTEL_EXPORTER_OTLP_ENDPOINT
 * does) and the API URL: given, or the OTLP host on the API's default port.
 */
export function demoEndpoints(endpoint: string | undefined, api: string | undefined): DemoEndpoints {
  const otlp = new URL(endpoint ?? DEFAULT_OTLP_HTTP_ENDPOINT);
  if (otlp.pathname === '/' || otlp.pathname === '') otlp.pathname = '/v1/traces';
  const apiUrl = new URL(api ?? `${otlp.protocol}//${otlp.hostname}:${DEFAULT_API_PORT}`);
  return { otlp: otlp.toString(), api: apiUrl.origin };
}
