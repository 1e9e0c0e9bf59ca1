import { createRequire, register } from 'node:module';
import type * as ImportInTheMiddle from 'import-in-the-middle';

/**
 * Registers import-in-the-middle's ESM loader hook, without which an ESM agent's
 * `import OpenAI from 'openai'` could not be patched (require-in-the-middle sees only require()).
 * The loader intercepts only the modules an instrumentation hooks, told over a message channel,
 * so the rest of the application loads untouched. Returns a function that resolves once the
 * loader has heard of every hooked module; the application must not start importing before.
 */
export function registerEsmLoaderHook(): () => Promise<void> {
  // The channel must belong to the import-in-the-middle copy that @opentelemetry/instrumentation
  // loads: its Hook() posts the hooked module names on it.
  const fromInstrumentation = createRequire(import.meta.resolve('@opentelemetry/instrumentation'));
  const iitm: typeof ImportInTheMiddle = fromInstrumentation('import-in-the-middle');
  const { registerOptions, waitForAllMessagesAcknowledged } = iitm.createAddHookMessageChannel();
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, registerOptions);
  return waitForAllMessagesAcknowledged;
}
