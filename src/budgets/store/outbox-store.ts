import type { Channel, DeliveryAttempt, DeliveryStatus, EventType } from '../delivery/attempt.js';
import type { BudgetDb, Statement } from './db.js';
import { int, isoTime, optInt, optText, text } from './values.js';

export const insertAttempt = (a: DeliveryAttempt): Statement => ({
  query: 'budget_deliveries_insert',
  params: {
    id: a.id,
    seq: a.seq,
    delivery_id: a.deliveryId,
    tenant: a.tenant,
    event_type: a.eventType,
    event_id: a.eventId,
    channel: a.channel,
    target: a.target,
    payload: a.payload,
    attempt: a.attempt,
    scheduled_at: isoTime(a.scheduledMs),
    created_at: isoTime(a.createdMs),
  },
});

export interface AttemptRecord {
  id: string;
  status: Exclude<DeliveryStatus, 'pending'>;
  attemptedMs: number;
  responseStatus: number | null;
  error: string | null;
  durationMs: number;
}

export const recordAttempt = (r: AttemptRecord): Statement => ({
  query: 'budget_deliveries_record',
  params: {
    id: r.id,
    status: r.status,
    attempted_at: isoTime(r.attemptedMs),
    response_status: r.responseStatus,
    error: r.error,
    duration_ms: Math.round(r.durationMs),
  },
});

export async function loadPending(db: BudgetDb): Promise<DeliveryAttempt[]> {
  return (await db.rows('budget_deliveries_pending')).map((r) => ({
    id: text(r, 'id'),
    seq: int(r, 'seq'),
    deliveryId: text(r, 'delivery_id'),
    tenant: text(r, 'tenant'),
    eventType: text(r, 'event_type') as EventType,
    eventId: text(r, 'event_id'),
    channel: text(r, 'channel') as Channel,
    target: text(r, 'target'),
    payload: text(r, 'payload'),
    attempt: int(r, 'attempt'),
    scheduledMs: int(r, 'scheduled_ms'),
    createdMs: int(r, 'created_ms'),
  }));
}

export async function maxSeq(db: BudgetDb): Promise<number> {
  return int((await db.rows('budget_deliveries_max_seq'))[0] ?? {}, 'seq');
}

export interface DeliveryFilter {
  status: DeliveryStatus | null;
  eventType: string | null;
  channel: Channel | null;
}

export async function listDeliveries(db: BudgetDb, tenant: string, f: DeliveryFilter, limit: number, offset: number) {
  const filter = { tenant, status: f.status, event_type: f.eventType, channel: f.channel };
  const [rows, count] = await Promise.all([db.rows('budget_deliveries_list', { ...filter, limit, offset }), db.rows('budget_deliveries_count', filter)]);
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const data = rows.map((r) => ({
    id: text(r, 'id'),
    delivery_id: text(r, 'delivery_id'),
    event_type: text(r, 'event_type'),
    event_id: text(r, 'event_id'),
    channel: text(r, 'channel'),
    target: text(r, 'target'),
    attempt: int(r, 'attempt'),
    status: text(r, 'status'),
    scheduled_at: iso(optInt(r, 'scheduled_ms')),
    attempted_at: iso(optInt(r, 'attempted_ms')),
    response_status: optInt(r, 'response_status'),
    error: optText(r, 'error'),
    duration_ms: optInt(r, 'duration_ms'),
    created_at: iso(optInt(r, 'created_ms')),
  }));
  return { data, total: int(count[0] ?? {}, 'total') };
}
