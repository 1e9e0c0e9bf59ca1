// The API client: the stored key as a bearer token, errors as values the page can explain.

const KEY_STORAGE = 'tokentally.apiKey';

/** The server wants a (different) key: the page shows the key prompt. */
export class AuthError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function storedKey() {
  return localStorage.getItem(KEY_STORAGE) ?? '';
}

export function storeKey(key) {
  if (key) localStorage.setItem(KEY_STORAGE, key);
  else localStorage.removeItem(KEY_STORAGE);
}

/**
 * GET a JSON answer. Resolves null when the server has no such endpoint (optional features:
 * budgets, notifications, recommendations), so a section can hide instead of failing.
 */
export async function getJson(path) {
  const key = storedKey();
  let response;
  try {
    response = await fetch(path, { headers: key ? { authorization: `Bearer ${key}` } : {}, cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'The tokentally server does not answer. Is `tokentally serve` still running?');
  }
  const body = await response.json().catch(() => null);
  const message = body?.error?.message ?? `HTTP ${response.status}`;
  if (response.status === 401) throw new AuthError(401, key ? `The stored key was refused: ${message}` : 'Enter an API key to see this server’s data.');
  if (response.status === 403) throw new ApiError(403, `This key may not read this: ${message}`);
  if (response.status === 404 && message.startsWith('no such endpoint')) return null;
  if (!response.ok) throw new ApiError(response.status, message);
  return body;
}
