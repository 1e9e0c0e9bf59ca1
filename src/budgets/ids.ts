import { randomBytes } from 'node:crypto';

/** Random, URL-safe ids with a prefix that says what they name (bgt_, evt_, dlv_, apr_…). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}
