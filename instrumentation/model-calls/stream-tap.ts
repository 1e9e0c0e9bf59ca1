import { diag } from '@opentelemetry/api';

export type StreamEnd = { status: 'completed' } | { status: 'failed'; error: unknown } | { status: 'closed' };

export interface StreamObserver {
  /** Sees each item first; returning false hides it from the application. */
  onItem(item: unknown): boolean;
  onEnd?(end: StreamEnd): void;
}

/** An SDK Stream (openai, @anthropic-ai/sdk): async iterable through its `iterator` method. */
export function isSdkStream(value: unknown): value is object {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof Reflect.get(value, 'iterator') === 'function' &&
    Symbol.asyncIterator in value
  );
}

/**
 * Routes the SDK stream's items through `observer` by replacing its `iterator`, which both its
 * async iteration and tee() / toReadableStream() go through. An instrumentation that wraps the
 * stream later (the official OpenAI one does) sees the items after the observer.
 */
export function tapStream(stream: object, observer: StreamObserver): void {
  const iterate: unknown = Reflect.get(stream, 'iterator');
  if (typeof iterate !== 'function') return;
  Reflect.set(stream, 'iterator', function tokentallyIterator(this: unknown) {
    const source: AsyncIterable<unknown> = Reflect.apply(iterate, this, []);
    return observe(source, observer);
  });
}

async function* observe(source: AsyncIterable<unknown>, observer: StreamObserver): AsyncGenerator<unknown> {
  let end: StreamEnd = { status: 'closed' };
  try {
    for await (const item of source) {
      if (keep(observer, item)) yield item;
    }
    end = { status: 'completed' };
  } catch (error) {
    end = { status: 'failed', error };
    throw error;
  } finally {
    // Also reached when the application stops reading early (break / return()).
    try {
      observer.onEnd?.(end);
    } catch (error) {
      diag.debug('tokentally: stream observer failed', error);
    }
  }
}

function keep(observer: StreamObserver, item: unknown): boolean {
  try {
    return observer.onItem(item);
  } catch (error) {
    diag.debug('tokentally: stream observer failed', error);
    return true;
  }
}
