import type { TokentallyConfig } from '../config/schema.js';
import type { Component } from '../pipeline/component.js';
import type { TracesConsumer } from '../pipeline/batch.js';
import type { PricingService } from '../pricing/service.js';
import { createGenaiProcessor } from '../processors/genai/factory.js';
import { createCostProcessor } from '../processors/cost/factory.js';
import { createRunsProcessor } from '../processors/runs/factory.js';

type ProcessorFactory = (config: TokentallyConfig, next: TracesConsumer, pricing: PricingService) => Component & TracesConsumer;

/** Processor factories by the name service.pipelines.traces.processors uses. */
const PROCESSORS: Record<string, ProcessorFactory> = {
  genai: (config, next) => createGenaiProcessor(config.processors.genai, next),
  cost: (config, next, pricing) => createCostProcessor(config.processors.cost, next, pricing),
  runs: (config, next) => createRunsProcessor(config.processors.runs, next),
};

/**
 * Chains the configured processors in front of `exporter`, as a Collector pipeline does: each
 * processor gets the next component as its consumer when it is created. Returns the head (what
 * receivers feed) and the processors in pipeline order.
 */
export function buildProcessors(config: TokentallyConfig, exporter: TracesConsumer, pricing: PricingService) {
  const names = config.service.pipelines.traces.processors;
  const processors: Array<Component & TracesConsumer> = [];
  let next: TracesConsumer = exporter;
  for (const name of [...names].reverse()) {
    const factory = PROCESSORS[name];
    if (!factory) throw new Error(`unknown processor "${name}"`);
    const processor = factory(config, next, pricing);
    processors.unshift(processor);
    next = processor;
  }
  return { head: next, processors };
}
