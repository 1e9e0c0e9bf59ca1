import { Router } from 'express';
import { pipelineFamilies, type PipelineStatsSource } from '../../analytics/metrics/pipeline-stats.js';
import { PROMETHEUS_CONTENT_TYPE, renderPrometheus } from '../../analytics/metrics/prometheus.js';
import { usageFamilies } from '../../analytics/metrics/usage-metrics.js';
import type { ApiKeyStore } from '../../auth/api-keys.js';
import type { Reader } from '../../storage/reader.js';
import { handle, principalOf, requireScope } from '../context.js';

export interface MetricsRouterDeps {
  reader: Reader;
  keys: ApiKeyStore;
  /** The running pipeline's counters; absent in tools that serve only stored data. */
  pipeline?: PipelineStatsSource;
}

/**
 * GET /metrics (Prometheus text). Usage counters are the caller's tenant's (read scope); the
 * process-wide pipeline figures (spans, queue, commits) count every tenant's traffic, so only
 * admin keys (and the open, key-less mode) see them.
 */
export function createMetricsRouter(deps: MetricsRouterDeps): Router {
  const router = Router();
  router.get(
    '/metrics',
    requireScope(deps.keys, 'read'),
    handle(async (_req, res) => {
      const principal = principalOf(res);
      const families = await usageFamilies(deps.reader, principal.tenant);
      if (deps.pipeline && principal.scopes.has('admin')) families.unshift(...pipelineFamilies(deps.pipeline.pipelineStats()));
      res.type(PROMETHEUS_CONTENT_TYPE).send(renderPrometheus(families));
    }),
  );
  return router;
}
