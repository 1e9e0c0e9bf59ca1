import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKeyConfig } from '../config/schema.js';

export type Scope = 'ingest' | 'read' | 'admin';

export interface Principal {
  tenant: string;
  scopes: ReadonlySet<Scope>;
  /** Key name for logs; never the key. */
  name: string;
}

export type AuthResult =
  | { status: 'ok'; principal: Principal }
  | { status: 'unauthenticated'; message: string }
  | { status: 'forbidden'; message: string };

const OPEN_PRINCIPAL: Principal = { tenant: 'default', scopes: new Set<Scope>(['ingest', 'read', 'admin']), name: 'open' };

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Bearer API keys with scopes and a tenant, shared by the OTLP receivers and the HTTP API.
 * Keys are kept only as sha256 digests. With no key configured the store is "open": every
 * caller is the default tenant with every scope (the server then binds loopback only).
 */
export class ApiKeyStore {
  private readonly byDigest = new Map<string, Principal>();

  constructor(keys: readonly ApiKeyConfig[]) {
    keys.forEach((k, i) => {
      const digest = k.key_sha256 ?? sha256Hex(k.key ?? '');
      this.byDigest.set(digest, { tenant: k.tenant, scopes: new Set(k.scopes), name: k.name ?? `key #${i + 1}` });
    });
  }

  get open(): boolean {
    return this.byDigest.size === 0;
  }

  /** `authorization` is the raw header (or gRPC metadata) value, if any. */
  authenticate(authorization: string | undefined, scope: Scope): AuthResult {
    if (this.open) return { status: 'ok', principal: OPEN_PRINCIPAL };
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (!token) return { status: 'unauthenticated', message: 'missing bearer token: send "Authorization: Bearer <api key>"' };
    const principal = this.lookup(token);
    if (!principal) return { status: 'unauthenticated', message: 'unknown API key' };
    if (!principal.scopes.has(scope) && !principal.scopes.has('admin')) {
      return { status: 'forbidden', message: `API key "${principal.name}" lacks the "${scope}" scope` };
    }
    return { status: 'ok', principal };
  }

  private lookup(token: string): Principal | undefined {
    const digest = sha256Hex(token);
    for (const [known, principal] of this.byDigest) {
      // Constant-time comparison of digests, so key guessing learns nothing from timing.
      if (timingSafeEqual(Buffer.from(known, 'hex'), Buffer.from(digest, 'hex'))) return principal;
    }
    return undefined;
  }
}
