import type { ApiKeyStore } from '../../auth/api-keys.js';
import type { Reader } from '../../storage/reader.js';

/** What the read-only analytics routers need. `clock` is injectable so tests can fix "now". */
export interface AnalyticsDeps {
  reader: Reader;
  keys: ApiKeyStore;
  clock?: () => number;
}

export function nowOf(deps: { clock?: () => number }): number {
  return (deps.clock ?? Date.now)();
}
