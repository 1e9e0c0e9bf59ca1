import { Router, type Request } from 'express';
import type { ApiKeyStore } from '../../auth/api-keys.js';
import type { RecommendationEngine } from '../../recommendations/engine.js';
import { RECOMMENDATION_KINDS } from '../../recommendations/recommendation.js';
import { recommendationsJson } from '../../recommendations/response.js';
import type { RecommendationScope } from '../../recommendations/scope.js';
import { handle, principalOf, requireScope } from '../context.js';
import { enumParam, pageParams, stringParam } from '../params.js';

export interface RecommendationsRouterDeps {
  keys: ApiKeyStore;
  engine: RecommendationEngine;
}

function scopeParams(req: Request, tenant: string): RecommendationScope {
  return {
    tenant,
    agent: stringParam(req.query, 'agent'),
    model: stringParam(req.query, 'model'),
    task_type: stringParam(req.query, 'task_type'),
    kind: enumParam(req.query, 'kind', RECOMMENDATION_KINDS),
  };
}

const PAGE = { limit: 50, maxLimit: 500 };

/**
 * GET /v1/recommendations (filters: agent, model, task_type, kind; paged) and
 * GET /v1/agents/:name/recommendations: what to change to spend less, with the monthly savings.
 */
export function createRecommendationsRouter(deps: RecommendationsRouterDeps): Router {
  const router = Router();
  const read = requireScope(deps.keys, 'read');

  router.get(
    '/v1/recommendations',
    read,
    handle(async (req, res) => {
      const scope = scopeParams(req, principalOf(res).tenant);
      const page = pageParams(req.query, PAGE);
      return recommendationsJson(await deps.engine.recommendations(scope), deps.engine.config, page);
    }),
  );

  router.get(
    '/v1/agents/:name/recommendations',
    read,
    handle(async (req, res) => {
      const agent = String(req.params.name);
      const scope = { ...scopeParams(req, principalOf(res).tenant), agent };
      const page = pageParams(req.query, PAGE);
      return { agent, ...recommendationsJson(await deps.engine.recommendations(scope), deps.engine.config, page) };
    }),
  );

  return router;
}
