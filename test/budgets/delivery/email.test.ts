import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { batch, spend } from '../support/calls.js';
import { manualClock, startBudgets, testConfig, type Harness } from '../support/harness.js';

interface Mail {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on loopback, without TLS or auth, keeping every message it accepts. */
async function startSmtp(): Promise<{ port: number; mails: Mail[]; close: () => Promise<void> }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  return { port, mails, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Undoes quoted-printable and RFC 2047 Q-encoding, enough to read a nodemailer message. */
function readable(raw: string): string {
  const hex = (s: string) => s.replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  return hex(
    raw
      .replace(/\?=\s+=\?UTF-8\?Q\?/g, '')
      .replace(/=\?UTF-8\?Q\?(.*?)\?=/g, (_m, word: string) => word.replace(/_/g, ' '))
      .replace(/=\r?\n/g, ''),
  );
}

describe('alert email', () => {
  let h: Harness;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  afterEach(async () => {
    await h.stop();
    h.cleanup();
    await smtp.close();
  });

  it('sends the alert to the configured and the budget recipients over SMTP', async () => {
    smtp = await startSmtp();
    const clock = manualClock('2026-11-20T10:00:00Z');
    const config = testConfig((c) => {
      c.alerts.email = { host: '127.0.0.1', port: smtp.port, secure: false, from: 'tokentally@example.com', to: ['ops@example.com'] };
    });
    h = await startBudgets({ clock, config });
    await h.budgets.admin.create('default', { name: 'org-daily', scope: 'org', period: 'daily', limit_usd: 10, thresholds: [80], emails: ['owner@example.com'] });
    h.budgets.onCommit(batch(spend(8.5, clock())));
    await h.budgets.settled();
    expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual(['ops@example.com', 'owner@example.com']);
    const mail = smtp.mails[0]!;
    expect(mail.from).toBe('tokentally@example.com');
    const text = readable(mail.raw);
    expect(text).toMatch(/Subject: \[tokentally\] Budget "org-daily" reached 80% \(\$8\.50 of \$10\.00\)/);
    expect(text).toContain('Org spent $8.50 in period 2026-11-20: 85% of $10.00.');
    expect(text).toContain('"threshold_percent": 80');
    expect(mail.raw).toMatch(/X-Tokentally-Delivery: dlv_/);
    const { data } = await h.budgets.deliveries('default', { status: 'succeeded', eventType: null, channel: 'email' }, 10, 0);
    expect(data).toHaveLength(2);
  });
});
