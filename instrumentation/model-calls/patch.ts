export type Method = (this: unknown, ...args: unknown[]) => unknown;

const ORIGINAL = Symbol('tokentally.original');

/**
 * Replaces `target[name]` with `wrap(original)` by plain assignment, once. Not with
 * InstrumentationBase._wrap: that unwraps a method another instrumentation already wrapped, so
 * ours and @opentelemetry/instrumentation-openai could not both wrap Completions.create. Patched
 * where the method is defined, so subclasses (AzureOpenAI, Bedrock and Vertex clients) inherit it.
 */
export function patchMethod(target: object, name: string, wrap: (original: Method) => Method): void {
  const owner = findOwner(target, name);
  const original: unknown = owner && Reflect.get(owner, name);
  if (!owner || !isMethod(original) || ORIGINAL in original) return;
  const wrapped = wrap(original);
  Object.defineProperty(wrapped, ORIGINAL, { value: original });
  Reflect.set(owner, name, wrapped);
}

/** Restores what patchMethod replaced, unless another instrumentation has wrapped it since. */
export function unpatchMethod(target: object, name: string): void {
  const owner = findOwner(target, name);
  const current: unknown = owner && Reflect.get(owner, name);
  if (owner && isMethod(current) && ORIGINAL in current) Reflect.set(owner, name, Reflect.get(current, ORIGINAL));
}

function findOwner(target: object, name: string): object | undefined {
  for (let candidate: object | null = target; candidate; candidate = Object.getPrototypeOf(candidate)) {
    if (Object.prototype.hasOwnProperty.call(candidate, name)) return candidate;
  }
  return undefined;
}

function isMethod(value: unknown): value is Method {
  return typeof value === 'function';
}
