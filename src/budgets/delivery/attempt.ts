export type Channel = 'webhook' | 'email';
export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'exhausted';

export type EventType = 'budget.threshold' | 'approval.requested' | 'approval.decided' | 'credits.top_up' | 'credits.top_up_paused';

/** One attempt at delivering one message to one target; a row of webhook_deliveries. */
export interface DeliveryAttempt {
  id: string;
  /** Creation order of the message: per target, messages leave in this order. */
  seq: number;
  /** The message; every attempt carries the same id so receivers can drop repeats. */
  deliveryId: string;
  tenant: string;
  eventType: EventType;
  eventId: string;
  channel: Channel;
  target: string;
  /** The exact body: what is signed and sent. */
  payload: string;
  attempt: number;
  scheduledMs: number;
  createdMs: number;
}

/** What a transport reports; whether retrying can help decides what happens next. */
export type DeliveryOutcome =
  | { status: 'delivered'; responseStatus: number | null }
  | { status: 'retryable'; responseStatus: number | null; error: string }
  | { status: 'permanent'; responseStatus: number | null; error: string };

export interface Transport {
  send(attempt: DeliveryAttempt): Promise<DeliveryOutcome>;
  close?(): void;
}
