import type { AttributeValue } from '../../../pipeline/span.js';

/** How deep arrays and key-value lists may nest inside one attribute value. */
export const MAX_VALUE_DEPTH = 32;

/**
 * Sets one attribute. A key of `__proto__` is data from the wire like any other: plain
 * assignment would replace the object's prototype instead of adding the key.
 */
export function setAttribute(target: Record<string, AttributeValue>, key: string, value: AttributeValue): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}
