import { Router } from 'express';
import { SqlFailure } from '../../analytics/sql/read-result.js';
import { SqlSandbox, type SqlLimits } from '../../analytics/sql/sql-sandbox.js';
import type { ApiKeyStore } from '../../auth/api-keys.js';
import type { Database } from '../../storage/database.js';
import { handle, principalOf, requireScope } from '../context.js';
import { ApiError, badRequest } from '../errors.js';

export interface SqlRouterDeps {
  db: Database;
  keys: ApiKeyStore;
  /** api.sql of the configuration. */
  sql: { timeout_ms: number; max_rows: number };
}

/**
 * POST /v1/sql {"sql": "SELECT …", "max_rows"?: n}: one read-only statement against the live
 * database, confined to the caller's tenant (read scope). Answers {columns, rows, row_count,
 * truncated, elapsed_ms}; a refused statement is a 400 whose message says why.
 */
export function createSqlRouter(deps: SqlRouterDeps): Router {
  const limits: SqlLimits = { timeoutMs: deps.sql.timeout_ms, maxRows: deps.sql.max_rows };
  const sandbox = new SqlSandbox(deps.db, limits);
  const router = Router();
  router.post(
    '/v1/sql',
    requireScope(deps.keys, 'read'),
    handle(async (req, res) => {
      const body: unknown = req.body;
      const sql = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).sql : undefined;
      if (typeof sql !== 'string' || sql.trim() === '') throw badRequest('field "sql" must be a non-empty string: {"sql": "SELECT …"}');
      const maxRows = (body as Record<string, unknown>).max_rows;
      if (maxRows !== undefined && (!Number.isInteger(maxRows) || (maxRows as number) < 1 || (maxRows as number) > limits.maxRows)) {
        throw badRequest(`field "max_rows" must be an integer from 1 to ${limits.maxRows}`);
      }
      try {
        return await sandbox.run(principalOf(res).tenant, sql, maxRows as number | undefined);
      } catch (error) {
        if (error instanceof SqlFailure) throw new ApiError(400, error.code, error.message);
        throw error;
      }
    }),
  );
  return router;
}
