import { describe, expect, it } from 'vitest';
import { createDefaultConfig } from '../../../src/processors/runs/config.js';
import { createRunsProcessor } from '../../../src/processors/runs/factory.js';
import { processorLifecycleTests } from '../../support/processor-lifecycle.js';

describe('runs processor lifecycle', () => {
  it('has the defaults of processors.runs', () => {
    expect(createDefaultConfig()).toEqual({ trace_memory_minutes: 60 });
  });

  processorLifecycleTests((next) => createRunsProcessor(createDefaultConfig(), next));
});
