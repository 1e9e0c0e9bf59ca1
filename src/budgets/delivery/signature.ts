import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Tokentally-Signature';
export const TIMESTAMP_HEADER = 'X-Tokentally-Timestamp';
export const DELIVERY_HEADER = 'X-Tokentally-Delivery';
export const EVENT_HEADER = 'X-Tokentally-Event';
export const ATTEMPT_HEADER = 'X-Tokentally-Attempt';

/** `sha256=<hex>`: HMAC-SHA256 of the raw body with the shared secret (as GitHub signs webhooks). */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
