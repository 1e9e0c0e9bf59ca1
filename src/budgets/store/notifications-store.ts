import type { BudgetDb, Statement } from './db.js';
import { int, isoTime, optInt, optText, text } from './values.js';

export type Severity = 'info' | 'warning' | 'critical';

export interface NotificationInput {
  id: string;
  tenant: string;
  createdMs: number;
  kind: string;
  severity: Severity;
  title: string;
  message: string;
  budgetId: string | null;
  data: object;
}

export const insertNotification = (n: NotificationInput): Statement => ({
  query: 'budget_notifications_insert',
  params: {
    id: n.id,
    tenant: n.tenant,
    created_at: isoTime(n.createdMs),
    kind: n.kind,
    severity: n.severity,
    title: n.title,
    message: n.message,
    budget_id: n.budgetId,
    data: JSON.stringify(n.data),
  },
});

export async function listNotifications(db: BudgetDb, tenant: string, unreadOnly: boolean, limit: number, offset: number) {
  const [rows, count] = await Promise.all([
    db.rows('budget_notifications_list', { tenant, unread_only: unreadOnly, limit, offset }),
    db.rows('budget_notifications_count', { tenant, unread_only: unreadOnly }),
  ]);
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const data = rows.map((r) => ({
    id: text(r, 'id'),
    created_at: iso(optInt(r, 'created_ms')),
    kind: text(r, 'kind'),
    severity: text(r, 'severity'),
    title: text(r, 'title'),
    message: text(r, 'message'),
    budget_id: optText(r, 'budget_id'),
    read_at: iso(optInt(r, 'read_ms')),
    data: JSON.parse(text(r, 'data')) as unknown,
  }));
  return { data, total: int(count[0] ?? {}, 'total'), unread: int(count[0] ?? {}, 'unread') };
}

/** Marks a notification read; false when the tenant has no such notification. */
export async function markNotificationRead(db: BudgetDb, tenant: string, id: string, atMs: number): Promise<boolean> {
  return (await db.write('budget_notifications_mark_read', { tenant, id, read_at: isoTime(atMs) })).length > 0;
}
