import express, { type Request, type Router } from 'express';
import type { ApiKeyStore } from '../../auth/api-keys.js';
import { listCatalog } from '../../pricing/catalog-listing.js';
import { lookupPrice } from '../../pricing/lookup.js';
import { OverrideError, overrideKey } from '../../pricing/overrides.js';
import { overrideJson } from '../../pricing/price-json.js';
import { RepriceStoppedError, repriceSummary, type Repricer } from '../../pricing/repricer.js';
import { parseInstant, RangeInputError, repriceRange } from '../../pricing/reprice-range.js';
import { ConfigOverrideError, type PricingService } from '../../pricing/service.js';
import { namedQuery, type Reader } from '../../storage/reader.js';
import { handle, principalOf, requireScope } from '../context.js';
import { ApiError, badRequest, notFound } from '../errors.js';
import { pageParams, paged, stringParam, timeWindowParams } from '../params.js';

export interface PricingRouterDeps {
  keys: ApiKeyStore;
  reader: Reader;
  pricing: PricingService;
  repricer: Repricer;
  now?: () => number;
}

function instantParam(req: Request, name: string, fallback: number): number {
  const raw = stringParam(req.query, name);
  if (raw === undefined) return fallback;
  const ms = parseInstant(raw);
  if (ms === undefined) throw badRequest(`parameter "${name}" must be a date YYYY-MM-DD or an ISO 8601 timestamp with a zone; got "${raw}"`);
  return ms;
}

function rangeOf(body: Record<string, unknown>): { fromMs: number; toMs: number } {
  try {
    return repriceRange(body.from, body.to);
  } catch (error) {
    if (error instanceof RangeInputError) throw badRequest(error.message);
    throw error;
  }
}

function optionalName(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw badRequest(`${name}: expected a non-empty string`);
  return value;
}

function bodyObject(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('body: expected a JSON object', 'invalid_body');
  return body as Record<string, unknown>;
}

/**
 * Prices: the effective catalog, how one id resolves, overrides, unpriced models, re-pricing.
 * Reads need the read scope, changes the admin scope. Overrides are global (prices do not
 * depend on who sends the spans); unpriced calls are listed for the caller's tenant.
 */
export function createPricingRouter(deps: PricingRouterDeps): Router {
  const { keys, reader, pricing, repricer } = deps;
  const now = deps.now ?? Date.now;
  const read = requireScope(keys, 'read');
  const admin = requireScope(keys, 'admin');
  const router = express.Router();

  router.get(
    '/v1/pricing',
    read,
    handle((req) => {
      const page = pageParams(req.query);
      const { rows, total } = listCatalog(
        pricing,
        { provider: stringParam(req.query, 'provider'), model: stringParam(req.query, 'model'), atMs: instantParam(req, 'at', now()) },
        page,
      );
      return paged(rows, total, page);
    }),
  );

  router.get(
    '/v1/pricing/lookup',
    read,
    handle((req) => {
      const provider = stringParam(req.query, 'provider') ?? '';
      const model = stringParam(req.query, 'model');
      if (model === undefined) throw badRequest('parameter "model" is required');
      return lookupPrice(pricing, {
        provider,
        model,
        requestModel: stringParam(req.query, 'request_model') ?? '',
        serviceTier: stringParam(req.query, 'service_tier') ?? null,
        atMs: instantParam(req, 'at', now()),
      });
    }),
  );

  router.get(
    '/v1/pricing/overrides',
    read,
    handle((req) => {
      const page = pageParams(req.query);
      const provider = stringParam(req.query, 'provider')?.toLowerCase();
      const model = stringParam(req.query, 'model')?.toLowerCase();
      const all = pricing.overrides().filter((o) => (provider === undefined || o.provider.toLowerCase() === provider) && (model === undefined || o.model.toLowerCase() === model));
      return paged(all.slice(page.offset, page.offset + page.limit).map(overrideJson), all.length, page);
    }),
  );

  router.put(
    '/v1/pricing/overrides',
    admin,
    handle(async (req) => {
      const body = bodyObject(req);
      const many = 'overrides' in body;
      if (many && !Array.isArray(body.overrides)) throw badRequest('overrides: expected an array of overrides', 'invalid_override');
      const inputs = many ? (body.overrides as unknown[]) : [body];
      if (inputs.length === 0) throw badRequest('overrides: expected at least one override', 'invalid_override');
      try {
        const stored = await pricing.putOverrides(inputs, (i) => (many ? `overrides[${i}]` : ''));
        return { data: stored.map(overrideJson) };
      } catch (error) {
        if (error instanceof OverrideError) throw badRequest(error.message, 'invalid_override');
        throw error;
      }
    }),
  );

  router.delete(
    '/v1/pricing/overrides/:id',
    admin,
    handle(async (req) => {
      const id = String(req.params.id);
      if (!pricing.overrides().some((o) => o.id === id)) throw notFound(`no price override with id "${id}"`);
      return { data: (await deleteOrConflict(pricing, [id])).map(overrideJson) };
    }),
  );

  router.delete(
    '/v1/pricing/overrides',
    admin,
    handle(async (req) => {
      const provider = stringParam(req.query, 'provider');
      const model = stringParam(req.query, 'model');
      if (provider === undefined || model === undefined) throw badRequest('parameters "provider" and "model" are required (or DELETE /v1/pricing/overrides/{id})');
      const from = stringParam(req.query, 'effective_from');
      const fromMs = from === undefined ? undefined : parseInstant(from);
      if (from !== undefined && fromMs === undefined) throw badRequest(`parameter "effective_from" must be a date or an ISO 8601 timestamp; got "${from}"`);
      const key = overrideKey({ provider, model });
      const ids = pricing
        .overrides()
        .filter((o) => overrideKey(o) === key && (fromMs === undefined || (o.effective_from !== undefined && Date.parse(o.effective_from) === fromMs)))
        .map((o) => o.id);
      if (ids.length === 0) throw notFound(`no price override for ${provider}/${model}${from ? ` effective from ${from}` : ''}`);
      return { data: (await deleteOrConflict(pricing, ids)).map(overrideJson) };
    }),
  );

  router.get(
    '/v1/unpriced',
    read,
    handle(async (req, res) => {
      const tenant = principalOf(res).tenant;
      const window = timeWindowParams(req.query, now(), 'all_time');
      const page = pageParams(req.query);
      const params = [tenant, new Date(window.startMs).toISOString(), new Date(window.endMs).toISOString()];
      let rows = await reader.rows(namedQuery('pricing_unpriced'), [...params, page.limit, page.offset]);
      // Past the last page the window count is missing; one more row from the top gives the total.
      const total = Number(rows[0]?.total ?? (page.offset > 0 ? (await reader.rows(namedQuery('pricing_unpriced'), [...params, 1, 0]))[0]?.total ?? 0 : 0));
      rows = rows.map(({ total: _total, ...row }) => row);
      return { ...paged(rows, total, page), period: { start_date: window.startDate, end_date: window.endDate, tz: window.tz } };
    }),
  );

  router.post(
    '/v1/pricing/reprice',
    admin,
    handle(async (req) => {
      const body = bodyObject(req);
      const range = rangeOf(body);
      const result = await repricer
        .reprice({ ...range, provider: optionalName(body, 'provider'), model: optionalName(body, 'model') })
        .catch((error: unknown) => {
          // The stored data disagreed with what the writes need: the caller gets the why, not a 500.
          throw error instanceof RepriceStoppedError ? new ApiError(409, 'reprice_stopped', error.message) : error;
        });
      return {
        from: new Date(range.fromMs).toISOString(),
        to: new Date(range.toMs).toISOString(),
        ...repriceSummary(result),
      };
    }),
  );

  return router;
}

async function deleteOrConflict(pricing: PricingService, ids: string[]) {
  try {
    return await pricing.deleteOverrides(ids);
  } catch (error) {
    if (error instanceof ConfigOverrideError) throw new ApiError(409, 'conflict', error.message);
    throw error;
  }
}
