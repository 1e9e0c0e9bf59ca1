import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Router, type Response } from 'express';
import { exportBatches, writeParquet, type ExportRequest } from '../../analytics/export/export-calls.js';
import { csvLine, jsonObject } from '../../analytics/export/text-formats.js';
import { usageTotals } from '../../analytics/usage.js';
import type { Database } from '../../storage/database.js';
import { handle, principalOf, requireScope } from '../context.js';
import { enumParam, timeWindowParams } from '../params.js';
import { nowOf, type AnalyticsDeps } from './analytics-deps.js';
import { callFilters } from './analytics-params.js';

export interface ExportRouterDeps extends AnalyticsDeps {
  db: Database;
}

const FORMATS = ['csv', 'json', 'parquet'] as const;
type Format = (typeof FORMATS)[number];
const CONTENT_TYPES: Record<Format, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
};

/** Writes `text`, waiting for the socket to drain when its buffer is full (back-pressure), or to close. */
async function send(res: Response, text: string): Promise<void> {
  if (res.write(text)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * GET /v1/export?format=csv|json|parquet&start_date&end_date (+ call filters): the tenant's
 * calls, streamed. X-Tokentally-Row-Count announces the rows (from the roll-ups) for progress bars.
 */
export function createExportRouter(deps: ExportRouterDeps): Router {
  const router = Router();
  router.get(
    '/v1/export',
    requireScope(deps.keys, 'read'),
    handle(async (req, res) => {
      const { tenant } = principalOf(res);
      const format = enumParam(req.query, 'format', FORMATS, 'csv');
      const window = timeWindowParams(req.query, nowOf(deps), 'month');
      const request: ExportRequest = { tenant, startMs: window.startMs, endMs: window.endMs, filters: callFilters(req.query) };
      const totals = await usageTotals(deps.reader, tenant, window, request.filters);
      const filename = `tokentally-calls-${window.startDate}-${window.endDate}.${format}`;
      res.setHeader('Content-Type', CONTENT_TYPES[format]);
      res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
      // The roll-ups count priced tool activity too; the export holds model calls only.
      res.setHeader('X-Tokentally-Row-Count', String(totals.operations - totals.tool_operations));
      const con = await deps.db.connect();
      try {
        if (format === 'parquet') await sendParquet(deps, con, request, res);
        else await streamText(format, con, request, res);
      } finally {
        con.closeSync();
      }
    }),
  );
  return router;
}

async function streamText(format: 'csv' | 'json', con: DuckDBConnection, request: ExportRequest, res: Response): Promise<void> {
  let gone = false;
  res.on('close', () => {
    if (!res.writableFinished) {
      gone = true;
      con.interrupt();
    }
  });
  let header = format === 'csv';
  let rows = 0;
  try {
    for await (const batch of exportBatches(con, request, () => gone)) {
      let text = header ? csvLine(batch.columns) : '';
      header = false;
      for (const row of batch.rows) {
        text += format === 'csv' ? csvLine(row) : `${rows === 0 ? '[\n' : ',\n'}${jsonObject(batch.columns, row)}`;
        rows++;
      }
      if (text) await send(res, text);
    }
  } catch (error) {
    if (gone) return;
    // The status line is gone already: all the client can learn is that the body broke off.
    if (res.headersSent) return void res.destroy(error as Error);
    throw error;
  }
  if (gone) return;
  if (format === 'json') await send(res, rows === 0 ? '[]\n' : '\n]\n');
  res.end();
}

/**
 * DuckDB writes the file, into a directory of its own per request under db.exportDir: the only
 * place outside the database's files that the instance may write (see Database.lockDown).
 */
async function sendParquet(deps: ExportRouterDeps, con: DuckDBConnection, request: ExportRequest, res: Response): Promise<void> {
  const dir = await mkdtemp(join(deps.db.exportDir, 'parquet-'));
  try {
    const path = join(dir, 'calls.parquet');
    await writeParquet(con, request, path);
    res.setHeader('Content-Length', String((await stat(path)).size));
    await pipeline(createReadStream(path), res);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
