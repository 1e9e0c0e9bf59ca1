import nodemailer from 'nodemailer';
import type { EmailConfig } from '../config.js';
import type { DeliveryAttempt, DeliveryOutcome, Transport } from './attempt.js';
import { DELIVERY_HEADER, EVENT_HEADER } from './signature.js';

interface PayloadText {
  title?: unknown;
  message?: unknown;
  recommended_actions?: unknown;
}

/** Subject and plain-text body: the event's title and message, what to do, then the full event. */
export function renderEmail(payload: string): { subject: string; text: string } {
  const event = JSON.parse(payload) as PayloadText;
  const title = typeof event.title === 'string' ? event.title : 'tokentally notification';
  const lines = [typeof event.message === 'string' ? event.message : title];
  if (Array.isArray(event.recommended_actions) && event.recommended_actions.length > 0) {
    lines.push('', 'Recommended actions:', ...event.recommended_actions.map((a) => `- ${String(a)}`));
  }
  lines.push('', 'Details:', JSON.stringify(event, null, 2));
  return { subject: `[tokentally] ${title}`, text: lines.join('\n') };
}

function smtpCode(error: unknown): number | null {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' ? code : null;
}

/** Sends one message per recipient over SMTP; 5xx replies are permanent, anything else is retried. */
export function createEmailTransport(config: EmailConfig): Transport {
  const transporter = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    auth: config.user === undefined ? undefined : { user: config.user, pass: config.password ?? '' },
  });
  return {
    async send(a: DeliveryAttempt): Promise<DeliveryOutcome> {
      const { subject, text } = renderEmail(a.payload);
      try {
        await transporter.sendMail({
          from: config.from,
          to: a.target,
          subject,
          text,
          headers: { [DELIVERY_HEADER]: a.deliveryId, [EVENT_HEADER]: a.eventType },
        });
        return { status: 'delivered', responseStatus: 250 };
      } catch (error) {
        const code = smtpCode(error);
        const message = (error as Error).message;
        return code !== null && code >= 500 ? { status: 'permanent', responseStatus: code, error: message } : { status: 'retryable', responseStatus: code, error: message };
      }
    },
    close() {
      transporter.close();
    },
  };
}
