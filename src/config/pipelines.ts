import type { TokentallyConfig } from './schema.js';

/** The processors a traces pipeline must run, in this order, for costs to be right. */
export const REQUIRED_PROCESSOR_ORDER = ['genai', 'cost', 'runs'] as const;

/**
 * Cross-section checks the schema cannot express: the pipeline names components that are
 * configured, and the cost-critical processors are present in their order.
 */
export function validatePipelines(config: TokentallyConfig): string[] {
  const problems: string[] = [];
  const pipeline = config.service.pipelines.traces;
  const known = {
    receivers: Object.keys(config.receivers),
    processors: Object.keys(config.processors),
    exporters: Object.keys(config.exporters),
  };
  for (const kind of ['receivers', 'processors', 'exporters'] as const) {
    pipeline[kind].forEach((name, i) => {
      if (!known[kind].includes(name)) {
        problems.push(`service.pipelines.traces.${kind}[${i}]: "${name}" is not a configured ${kind.slice(0, -1)} (known: ${known[kind].join(', ')})`);
      }
    });
  }
  const order = pipeline.processors.filter((p): p is (typeof REQUIRED_PROCESSOR_ORDER)[number] => (REQUIRED_PROCESSOR_ORDER as readonly string[]).includes(p));
  if (order.join() !== REQUIRED_PROCESSOR_ORDER.join()) {
    problems.push(`service.pipelines.traces.processors: must include ${REQUIRED_PROCESSOR_ORDER.join(', ')} in this order (got ${pipeline.processors.join(', ') || 'none'})`);
  }
  if (config.receivers.otlp.protocols.grpc === null && config.receivers.otlp.protocols.http === null) {
    problems.push('receivers.otlp.protocols: enable at least one of grpc, http');
  }
  return problems;
}
