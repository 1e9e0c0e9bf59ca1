import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from './agent-process.js';

/**
 * The agent processes run the compiled build (dist/instrumentation), as users do. Fails fast,
 * naming the file, when a source is newer than its build, instead of testing stale code.
 */
export function assertInstrumentationBuilt(): void {
  const sourceRoot = join(REPO_ROOT, 'instrumentation');
  for (const source of tsFiles(sourceRoot)) {
    const built = join(REPO_ROOT, 'dist', relative(REPO_ROOT, source)).replace(/\.ts$/, '.js');
    let builtAt: number;
    try {
      builtAt = statSync(built).mtimeMs;
    } catch {
      throw new Error(`${relative(REPO_ROOT, built)} is missing: run \`npm run build\` first`);
    }
    if (statSync(source).mtimeMs > builtAt) {
      throw new Error(`${relative(REPO_ROOT, source)} is newer than its build: run \`npm run build\` first`);
    }
  }
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}
