import { readFileSync } from 'node:fs';

/** The instrumentation scope of the spans tokentally itself starts. */
export const SCOPE_NAME = 'tokentally';
export const SCOPE_VERSION = findOwnVersion();

// Looked up rather than imported: a JSON import of ../package.json would make tsc copy the
// package.json into dist/, and the depth of this file differs between src and dist.
function findOwnVersion(): string {
  for (let dir = new URL('.', import.meta.url), depth = 0; depth < 4; dir = new URL('..', dir), depth++) {
    try {
      const pkg: unknown = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8'));
      if (isTokentallyPackage(pkg)) return pkg.version;
    } catch {
      // No package.json at this level; keep walking up.
    }
  }
  return '0.0.0';
}

function isTokentallyPackage(pkg: unknown): pkg is { version: string } {
  return (
    typeof pkg === 'object' &&
    pkg !== null &&
    'name' in pkg &&
    pkg.name === 'tokentally' &&
    'version' in pkg &&
    typeof pkg.version === 'string'
  );
}
