import type { JsonCell } from '../sql/json-values.js';

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
function csvField(value: JsonCell): string {
  if (value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly JsonCell[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

export function jsonObject(columns: readonly string[], values: readonly JsonCell[]): string {
  return JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, values[i] ?? null])));
}
