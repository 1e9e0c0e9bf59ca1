/**
 * Flushes the spans still queued when the process is about to exit: when the event loop empties
 * (beforeExit), and on SIGTERM / SIGINT. The flush is bounded by `timeoutMs`, after which the
 * process exits anyway; an exit through process.exit() cannot wait and is not flushed.
 */
export function flushOnExit(shutdown: () => Promise<void>, timeoutMs: number): void {
  let flushing: Promise<boolean> | undefined;
  const flush = (): Promise<boolean> => (flushing ??= flushWithin(shutdown, timeoutMs));

  process.once('beforeExit', () => {
    void flush().then((finished) => {
      // Only telemetry was left to do: exit as the application would have, with its exit code.
      if (!finished) process.exit();
    });
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const onSignal = (): void => {
      // Listening to a signal disables Node's default exit on it. When no one else listens,
      // restore that default after the flush by raising the signal again.
      const ownListenerOnly = process.listenerCount(signal) === 1;
      process.removeListener(signal, onSignal);
      void flush().then(() => {
        if (ownListenerOnly) process.kill(process.pid, signal);
      });
    };
    process.on(signal, onSignal);
  }
}

/** Resolves true when `shutdown` finished within `timeoutMs`, false when the time ran out. */
async function flushWithin(shutdown: () => Promise<void>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const finished = shutdown().then(
    () => true,
    () => true,
  );
  const result = await Promise.race([finished, timedOut]);
  clearTimeout(timer);
  return result;
}
