import type { ErrorRequestHandler } from 'express';
import { ApiError, badRequest } from '../../api/errors.js';
import { ConflictError, InputError, NotFoundError } from '../model/errors.js';

/** Budget errors as API errors: a bad field is a 400 that names the field. */
export function toApiError(error: unknown): unknown {
  if (error instanceof InputError) return badRequest(`invalid "${error.field}": ${error.message}`, 'invalid_field');
  if (error instanceof NotFoundError) return new ApiError(404, 'not_found', error.message);
  if (error instanceof ConflictError) return new ApiError(409, 'conflict', error.message);
  return error;
}

/** Installed last in each budgets router; passes everything on to the app's error handler. */
export const mapBudgetErrors: ErrorRequestHandler = (error: unknown, _req, _res, next) => {
  next(toApiError(error));
};
