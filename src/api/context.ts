import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ApiKeyStore, Principal, Scope } from '../auth/api-keys.js';
import { ApiError } from './errors.js';

/** The authenticated caller, set by requireScope. Every query is confined to principal.tenant. */
export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new ApiError(500, 'internal', 'route is missing requireScope');
  return principal;
}

export function requireScope(keys: ApiKeyStore, scope: Scope): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const result = keys.authenticate(req.headers.authorization, scope);
    if (result.status === 'ok') {
      res.locals.principal = result.principal;
      next();
    } else if (result.status === 'unauthenticated') {
      res.setHeader('WWW-Authenticate', 'Bearer');
      next(new ApiError(401, 'unauthenticated', result.message));
    } else {
      next(new ApiError(403, 'forbidden', result.message));
    }
  };
}

/** Wraps an async handler so its rejection reaches the error handler (express 5 does too; explicit for clarity). */
export function handle(fn: (req: Request, res: Response) => Promise<unknown> | unknown): RequestHandler {
  return (req, res, next) => {
    Promise.resolve(fn(req, res))
      .then((body) => {
        if (body !== undefined && !res.headersSent) res.json(body);
      })
      .catch(next);
  };
}
