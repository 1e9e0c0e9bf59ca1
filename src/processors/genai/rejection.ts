import type { AttributeValue } from '../../pipeline/span.js';

/** The reason reported in OTLP partial success: the attribute, the value sent, what is wrong. */
export function rejectionReason(key: string, value: AttributeValue, problem: string): string {
  return `${key} = ${typeof value === 'number' ? String(value) : JSON.stringify(value)}: ${problem}`;
}
