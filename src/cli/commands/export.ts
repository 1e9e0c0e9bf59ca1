import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { UsageError } from '../command.js';
import { REPORT_USAGE, reportOptions, reportQuery } from '../client/query-options.js';
import { progressBar } from '../progress.js';
import { apiClientFor } from './report-context.js';

const FORMATS = ['csv', 'json', 'parquet'];

/** Rows in a piece of a text export: CSV records end in CRLF, JSON objects start a line with '{'. */
function rowsIn(format: string, text: string): number {
  const pattern = format === 'csv' ? /\r\n/g : /\n\{/g;
  return (text.match(pattern) ?? []).length;
}

async function write(out: WriteStream | NodeJS.WriteStream, chunk: Uint8Array): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'Download the stored calls as CSV, JSON or Parquet (default this month), with a progress bar',
  usage: `tokentally export [--format csv|json|parquet] [--out FILE | --out -] ${REPORT_USAGE}`,
  async run(argv) {
    const { values } = parseCommandArgs(argv, { ...reportOptions, format: { type: 'string', short: 'f' }, out: { type: 'string', short: 'o' } });
    const format = values.format ?? 'csv';
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}; got "${format}"`);
    const res = await apiClientFor(values.config).stream('/v1/export', { ...reportQuery(values), format });
    const suggested = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `tokentally-calls.${format}`;
    const path = values.out ?? suggested;
    const out = path === '-' ? process.stdout : createWriteStream(path);
    // Parquet arrives as a finished file (progress in bytes); text formats stream rows.
    const byBytes = format === 'parquet';
    const total = Number(res.headers.get(byBytes ? 'content-length' : 'x-tokentally-row-count') ?? 0);
    const unit = byBytes ? 'bytes' : 'rows';
    const progress = progressBar('export');
    const decoder = new TextDecoder();
    let done = 0;
    try {
      for await (const chunk of res.body!) {
        await write(out, chunk);
        done += byBytes ? chunk.byteLength : rowsIn(format, decoder.decode(chunk, { stream: true }));
        progress.update(unit, Math.min(done, total), total);
      }
      progress.update(unit, total, total);
    } finally {
      progress.stop();
    }
    if (out !== process.stdout) {
      (out as WriteStream).end();
      await once(out, 'finish');
      console.error(`wrote ${path}`);
    }
    return 0;
  },
};
