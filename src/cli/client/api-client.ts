import { loadConfig } from '../../config/load.js';
import { resolveConfigPath } from '../config-path.js';

export const DEFAULT_API_URL = 'http://127.0.0.1:4319';

/** The API answered with an error body: its message is what the user needs to read. */
export class ApiRequestError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/** The server could not be reached at all (not running, wrong address). */
export class ApiUnreachableError extends Error {}

/** The API base URL: --config FILE, else $TOKENTALLY_URL, else $TOKENTALLY_CONFIG or ./otel-config.yaml, else the default. */
export function resolveApiUrl(configFlag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (!configFlag && env.TOKENTALLY_URL) return env.TOKENTALLY_URL.replace(/\/+$/, '');
  const path = configFlag ?? resolveConfigPath(undefined);
  if (!path) return DEFAULT_API_URL;
  const endpoint = loadConfig(path, env).api.endpoint;
  // A server listening on every interface is reached on loopback from the same machine.
  return `http://${endpoint.replace(/^0\.0\.0\.0:/, '127.0.0.1:').replace(/^\[::\]:/, '[::1]:')}`;
}

export type QueryValues = Record<string, string | number | undefined>;

/** The analytics API over fetch, with the bearer key from $TOKENTALLY_API_KEY. */
export class ApiClient {
  constructor(readonly baseUrl: string, private readonly apiKey: string | undefined = process.env.TOKENTALLY_API_KEY) {}

  url(path: string, query: QueryValues = {}): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
    const qs = params.toString();
    return `${this.baseUrl}${path}${qs ? `?${qs}` : ''}`;
  }

  async get<T>(path: string, query: QueryValues = {}): Promise<T> {
    return (await this.request(this.url(path, query), { method: 'GET' })).json() as Promise<T>;
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    const res = await this.request(this.url(path), { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    return res.json() as Promise<T>;
  }

  /** The raw response, for streaming bodies (export). */
  async stream(path: string, query: QueryValues = {}): Promise<Response> {
    return this.request(this.url(path, query), { method: 'GET' });
  }

  private async request(url: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.apiKey) headers.set('authorization', `Bearer ${this.apiKey}`);
    let res: Response;
    try {
      res = await fetch(url, { ...init, headers });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new ApiUnreachableError(`cannot reach the tokentally API at ${this.baseUrl} (${cause}); is \`tokentally serve\` running? Set TOKENTALLY_URL or --config to point elsewhere.`);
    }
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
      throw new ApiRequestError(res.status, body?.error?.code ?? String(res.status), body?.error?.message ?? `HTTP ${res.status} from ${url}`);
    }
    return res;
  }
}
