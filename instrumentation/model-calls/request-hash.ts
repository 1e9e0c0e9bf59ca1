import { createHash } from 'node:crypto';
import { isRecord, type UnknownRecord } from '../values.js';

/** Fields that change how the answer is delivered, not what is asked. */
const TRANSPORT_FIELDS = new Set(['stream', 'stream_options']);

export interface DescribedRequest {
  /** Canonical JSON of the request: keys sorted, transport fields left out. */
  json: string;
  /** tokentally.request_hash: sha256 hex of `json`. */
  hash: string;
}

/**
 * The identity of a model request (model + messages + parameters), so tokentally can find the
 * same request repeated (an agent loop retrying a step) without ever storing the prompt: only
 * the hash leaves the process.
 */
export function describeRequest(body: UnknownRecord): DescribedRequest {
  const fields: UnknownRecord = {};
  for (const [key, value] of Object.entries(body)) {
    if (!TRANSPORT_FIELDS.has(key)) fields[key] = value;
  }
  const json = JSON.stringify(canonical(fields));
  return { json, hash: createHash('sha256').update(json).digest('hex') };
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  // Only plain objects are re-keyed; anything with its own toJSON (Date, Buffer) serialises as is.
  if (!isRecord(value) || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const sorted: UnknownRecord = {};
  for (const key of Object.keys(value).sort()) sorted[key] = canonical(value[key]);
  return sorted;
}
