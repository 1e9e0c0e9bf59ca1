import type { Tracer } from '@opentelemetry/api';
import {
  InstrumentationBase,
  InstrumentationNodeModuleDefinition,
  type InstrumentationConfig,
} from '@opentelemetry/instrumentation';
import type { BudgetGuard } from '../budget/guard.js';
import { SCOPE_VERSION } from '../scope.js';
import { isRecord, valueAt } from '../values.js';
import { wrapMessagesCreate } from './anthropic-spans.js';
import { patchMethod, unpatchMethod } from './patch.js';
import { wrapPrepareOptions } from './request-hook.js';

export interface AnthropicInstrumentationConfig extends InstrumentationConfig {
  guard?: BudgetGuard;
}

/**
 * @anthropic-ai/sdk from 0.134 traces its own calls with the GenAI conventions (streaming,
 * cache reads and writes, thinking tokens), so for those clients this adds only
 * tokentally.request_hash, the budget check and tokentally.reservation_id to the SDK's span.
 * For older SDKs, or a client constructed with `openTelemetry: false`, it starts the
 * `messages.create` span itself (anthropic-spans.ts), so there is never a second model-call span.
 */
export class AnthropicInstrumentation extends InstrumentationBase<AnthropicInstrumentationConfig> {
  constructor(config: AnthropicInstrumentationConfig = {}) {
    super('tokentally-instrumentation-anthropic', SCOPE_VERSION, config);
  }

  protected init(): InstrumentationNodeModuleDefinition[] {
    return [
      new InstrumentationNodeModuleDefinition(
        '@anthropic-ai/sdk',
        ['>=0.20.0 <2'],
        (moduleExports: unknown) => this.patch(moduleExports),
        (moduleExports: unknown) => this.unpatch(moduleExports),
      ),
    ];
  }

  private patch(moduleExports: unknown): unknown {
    const client = valueAt(moduleExports, 'Anthropic') ?? valueAt(moduleExports, 'default');
    const messages = valueAt(client, 'Messages', 'prototype');
    const clientPrototype = valueAt(client, 'prototype');
    if (isRecord(messages)) patchMethod(messages, 'create', (original) => wrapMessagesCreate(original, () => this.ownTracer()));
    if (isRecord(clientPrototype)) {
      patchMethod(clientPrototype, 'prepareOptions', wrapPrepareOptions('anthropic', () => this.getConfig().guard));
    }
    return moduleExports;
  }

  private unpatch(moduleExports: unknown): void {
    const client = valueAt(moduleExports, 'Anthropic') ?? valueAt(moduleExports, 'default');
    const messages = valueAt(client, 'Messages', 'prototype');
    const clientPrototype = valueAt(client, 'prototype');
    if (isRecord(messages)) unpatchMethod(messages, 'create');
    if (isRecord(clientPrototype)) unpatchMethod(clientPrototype, 'prepareOptions');
  }

  private ownTracer(): Tracer {
    return this.tracer;
  }
}
