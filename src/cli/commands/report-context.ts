import { ApiClient, resolveApiUrl } from '../client/api-client.js';

/** The client a report command talks to, from its --config flag and the environment. */
export function apiClientFor(configFlag: string | undefined): ApiClient {
  return new ApiClient(resolveApiUrl(configFlag));
}

/** Prints `body` as JSON for scripts (--json) and returns the success exit code. */
export function printJson(body: unknown): number {
  console.log(JSON.stringify(body, null, 2));
  return 0;
}
