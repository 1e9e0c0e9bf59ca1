import type { Clock } from '../clock.js';
import { newId } from '../ids.js';

export interface Reservation {
  id: string;
  tenant: string;
  /** The allowances it holds money in: budget spend keys and credit accounts. */
  keys: string[];
  amountNanos: number;
  expiresMs: number;
}

/**
 * Estimated costs held between a budget check and the committed span that settles them, so
 * concurrent checks near a limit cannot all pass. Kept in memory only: a restart frees them,
 * which can only let a call through, never stop one. Every reservation lives for the same TTL,
 * so insertion order is expiry order and expiring is a walk from the front of the map.
 */
export class ReservationBook {
  private readonly byId = new Map<string, Reservation>();
  private readonly held = new Map<string, number>();

  constructor(private readonly ttlMs: number, private readonly clock: Clock) {}

  reserve(tenant: string, keys: string[], amountNanos: number): Reservation {
    const r: Reservation = { id: newId('rsv'), tenant, keys, amountNanos, expiresMs: this.clock() + this.ttlMs };
    this.byId.set(r.id, r);
    for (const key of keys) this.held.set(key, (this.held.get(key) ?? 0) + amountNanos);
    return r;
  }

  /** The committed span of the reserved call arrived: its actual cost now counts instead. */
  settle(id: string, tenant: string): boolean {
    const r = this.byId.get(id);
    if (!r || r.tenant !== tenant) return false;
    this.release(r);
    return true;
  }

  /** Money held in `key` by unexpired reservations. */
  heldIn(key: string): number {
    this.expire();
    return this.held.get(key) ?? 0;
  }

  get size(): number {
    this.expire();
    return this.byId.size;
  }

  expire(): void {
    const now = this.clock();
    for (const r of this.byId.values()) {
      if (r.expiresMs > now) break;
      this.release(r);
    }
  }

  private release(r: Reservation): void {
    this.byId.delete(r.id);
    for (const key of r.keys) {
      const left = (this.held.get(key) ?? 0) - r.amountNanos;
      if (left > 0) this.held.set(key, left);
      else this.held.delete(key);
    }
  }
}
