const warned = new Set<string>();

/**
 * A process warning (stderr, silenced by --no-warnings) printed once per `code` until
 * `resetWarning(code)`: the agent's own output is not the place for a line per model call.
 */
export function warnOnce(code: string, message: string): void {
  if (warned.has(code)) return;
  warned.add(code);
  process.emitWarning(message, { code });
}

export function resetWarning(code: string): void {
  warned.delete(code);
}
