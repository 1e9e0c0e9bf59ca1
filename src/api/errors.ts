import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isOutOfMemory } from '../storage/out-of-memory.js';

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

/** What a caller whose request outgrew DuckDB's buffer pool can change (see storage/out-of-memory.ts). */
const OUT_OF_MEMORY_MESSAGE =
  'the database ran out of memory answering this request (exporters.duckdb.memory_limit); narrow the time window or filters, or raise the limit';

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
  if (isOutOfMemory(error)) {
    res.status(503).json({ error: { code: 'out_of_memory', message: OUT_OF_MEMORY_MESSAGE } });
    return;
  }
  console.error('tokentally api: unexpected error', error);
  res.status(500).json({ error: { code: 'internal', message: 'internal error' } });
};
