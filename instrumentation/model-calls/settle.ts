import { diag } from '@opentelemetry/api';

/**
 * Observes what an SDK method returned (its APIPromise) without changing it: the application
 * still gets the very same object, with withResponse() and friends. A throw in the observers is
 * logged, and the derived promise never rejects unhandled.
 */
export function onSettled(
  result: unknown,
  onValue: (value: unknown) => void,
  onError: (error: unknown) => void = () => {},
): void {
  if (!isThenable(result)) return;
  result.then(
    (value) => guard(() => onValue(value)),
    (error: unknown) => guard(() => onError(error)),
  );
}

function guard(observe: () => void): void {
  try {
    observe();
  } catch (error) {
    diag.debug('tokentally: could not record a model call result', error);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && 'then' in value && typeof value.then === 'function';
}
