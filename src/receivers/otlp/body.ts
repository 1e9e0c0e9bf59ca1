import type { IncomingMessage } from 'node:http';
import { createGunzip, createInflate, type Gunzip, type Inflate } from 'node:zlib';
import { PermanentError } from '../../pipeline/errors.js';

export class BodyTooLargeError extends PermanentError {}
export class UnsupportedEncodingError extends PermanentError {}

/**
 * Reads a request body, decompressing gzip/deflate, and stops as soon as either the compressed
 * or the decompressed size passes `limit` (a gzip bomb never gets inflated in full).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  let inflater: Gunzip | Inflate | undefined;
  if (encoding === 'gzip') inflater = createGunzip();
  else if (encoding === 'deflate') inflater = createInflate();
  else if (encoding !== 'identity' && encoding !== '') {
    return Promise.reject(new UnsupportedEncodingError(`unsupported Content-Encoding "${encoding}": use gzip, deflate or none`));
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) return Promise.reject(new BodyTooLargeError(`request body of ${declared} bytes exceeds the limit of ${limit} bytes`));

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let inflated = 0;
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      inflater?.destroy();
      req.resume();
      reject(error);
    };
    const collect = (chunk: Buffer) => {
      inflated += chunk.length;
      if (inflated > limit) fail(new BodyTooLargeError(`decompressed request body exceeds the limit of ${limit} bytes`));
      else chunks.push(chunk);
    };
    const finish = () => {
      if (settled) return;
      settled = true;
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    };
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) return fail(new BodyTooLargeError(`request body exceeds the limit of ${limit} bytes`));
      if (inflater) inflater.write(chunk);
      else collect(chunk);
    });
    req.on('error', fail);
    if (inflater) {
      inflater.on('data', collect);
      inflater.on('error', (e) => fail(new PermanentError(`request body is not valid ${encoding} data: ${e.message}`)));
      inflater.on('end', finish);
      req.on('end', () => inflater!.end());
    } else {
      req.on('end', finish);
    }
  });
}
