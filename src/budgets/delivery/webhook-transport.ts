import type { Clock } from '../clock.js';
import type { WebhookConfig } from '../config.js';
import type { DeliveryAttempt, DeliveryOutcome, Transport } from './attempt.js';
import { classifyHttpStatus } from './retry-policy.js';
import { ATTEMPT_HEADER, DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signBody } from './signature.js';

/** POSTs the JSON payload, signed when a secret is configured. */
export function createWebhookTransport(config: WebhookConfig, clock: Clock): Transport {
  return {
    async send(a: DeliveryAttempt): Promise<DeliveryOutcome> {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'user-agent': 'tokentally-webhooks',
        [EVENT_HEADER]: a.eventType,
        [DELIVERY_HEADER]: a.deliveryId,
        [ATTEMPT_HEADER]: String(a.attempt),
        [TIMESTAMP_HEADER]: String(Math.floor(clock() / 1000)),
      };
      if (config.secret !== '') headers[SIGNATURE_HEADER] = signBody(config.secret, a.payload);
      try {
        const res = await fetch(a.target, { method: 'POST', headers, body: a.payload, signal: AbortSignal.timeout(config.timeout_ms) });
        // Drain the body so the keep-alive connection can be reused.
        await res.arrayBuffer().catch(() => undefined);
        const status = classifyHttpStatus(res.status);
        return status === 'delivered'
          ? { status, responseStatus: res.status }
          : { status, responseStatus: res.status, error: `HTTP ${res.status} ${res.statusText}`.trim() };
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code;
        return { status: 'retryable', responseStatus: null, error: cause ? `${(error as Error).message} (${cause})` : (error as Error).message };
      }
    },
  };
}
