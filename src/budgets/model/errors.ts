/** Errors of budget operations; the API maps them to 400 / 404 / 409 in one place (routes/budget-errors.ts). */

/** Input that cannot be stored as given; `field` names the offending field. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** The request is valid but clashes with what exists (a name taken, a budget owned by the config). */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}
