import type { ErrorRequestHandler, RequestHandler } from 'express';

/** An error the API reports as `{error: {code, message}}` with `status`. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export const badRequest = (message: string, code = 'invalid_parameter') => new ApiError(400, code, message);
export const notFound = (message: string) => new ApiError(404, 'not_found', message);

export const unknownRoute: RequestHandler = (req, _res, next) => {
  next(new ApiError(404, 'not_found', `no such endpoint: ${req.method} ${req.path}`));
};

export const errorHandler: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  if (error instanceof ApiError) {
    res.status(error.status).json({ error: { code: error.code, message: error.message } });
    return;
  }
  const bodyError = error as { type?: string; status?: number; message?: string };
  if (bodyError.type === 'entity.parse.failed') {
    res.status(400).json({ error: { code: 'invalid_json', message: `request body is not valid JSON: ${bodyError.message}` } });
    return;
  }
  if (bodyError.type === 'entity.too.large') {
    res.status(413).json({ error: { code: 'payload_too_large', message: 'request body is too large' } });
    return;
  }
  console.error('tokentally api: unexpected error', error);
  res.status(500).json({ error: { code: 'internal', message: 'internal error' } });
};
