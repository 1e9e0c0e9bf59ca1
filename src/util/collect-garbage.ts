import { setImmediate as nextTurn } from 'node:timers/promises';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/**
 * A full garbage collection now, and the native finalizers it queues run. For loops that read
 * large DuckDB results: a result holds its rows (buffer-pool memory, counted against
 * memory_limit) until the JavaScript object wrapping it is collected, and V8 is not told about
 * that memory, so a loop whose JavaScript allocates little reaches a full collection only after
 * many results have piled up (re-pricing a month of calls: ~800 MiB of them, then DuckDB's
 * out-of-memory error). `--expose-gc` set at run time gives the function to contexts made after.
 */
export async function collectGarbage(): Promise<void> {
  if (gc === undefined) {
    v8.setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
  // Node-API finalizers (DuckDB's result destructor among them) run on a later turn of the loop.
  await nextTurn();
}
