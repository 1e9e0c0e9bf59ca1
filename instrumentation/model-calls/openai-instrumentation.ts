import type { Span } from '@opentelemetry/api';
import {
  InstrumentationBase,
  InstrumentationNodeModuleDefinition,
  type InstrumentationConfig,
} from '@opentelemetry/instrumentation';
import type { BudgetGuard } from '../budget/guard.js';
import { SCOPE_VERSION } from '../scope.js';
import { isRecord, stringAt, valueAt, type UnknownRecord } from '../values.js';
import { activeModelCallSpan } from './model-span.js';
import { patchMethod, unpatchMethod, type Method } from './patch.js';
import { wrapPrepareOptions } from './request-hook.js';
import { onSettled } from './settle.js';
import { isSdkStream, tapStream } from './stream-tap.js';
import { chatCompletionsUsage, responsesUsage } from './usage.js';

export interface OpenAIUsageInstrumentationConfig extends InstrumentationConfig {
  guard?: BudgetGuard;
}

/**
 * Completes the spans of @opentelemetry/instrumentation-openai (0.21) with what tokentally needs
 * and it leaves out:
 * - usage of streamed chat completions: it records usage only if the application asked for
 *   stream_options.include_usage, so this asks for it, and hides the extra usage-only chunk from
 *   an application that did not ask;
 * - cached input tokens and reasoning tokens, for chat completions and responses, streamed or not;
 * - tokentally.request_hash, the budget check and tokentally.reservation_id.
 *
 * It must be registered before the official instrumentation, so that it wraps `create` inside
 * the official wrapper: then the official span is the active span, and this sees each result
 * and stream chunk before the official wrapper ends the span.
 */
export class OpenAIUsageInstrumentation extends InstrumentationBase<OpenAIUsageInstrumentationConfig> {
  constructor(config: OpenAIUsageInstrumentationConfig = {}) {
    super('tokentally-instrumentation-openai', SCOPE_VERSION, config);
  }

  protected init(): InstrumentationNodeModuleDefinition[] {
    return [
      new InstrumentationNodeModuleDefinition(
        'openai',
        ['>=4.19.0 <7'],
        (moduleExports: unknown) => this.patch(moduleExports),
        (moduleExports: unknown) => this.unpatch(moduleExports),
      ),
    ];
  }

  private patch(moduleExports: unknown): unknown {
    const client = valueAt(moduleExports, 'OpenAI');
    const completions = valueAt(client, 'Chat', 'Completions', 'prototype');
    const responses = valueAt(client, 'Responses', 'prototype');
    const clientPrototype = valueAt(client, 'prototype');
    if (isRecord(completions)) patchMethod(completions, 'create', (original) => wrapCreate(original, 'chat'));
    if (isRecord(responses)) patchMethod(responses, 'create', (original) => wrapCreate(original, 'responses'));
    if (isRecord(clientPrototype)) {
      patchMethod(clientPrototype, 'prepareOptions', wrapPrepareOptions('openai', () => this.getConfig().guard));
    }
    return moduleExports;
  }

  private unpatch(moduleExports: unknown): void {
    const client = valueAt(moduleExports, 'OpenAI');
    for (const [target, name] of [
      [valueAt(client, 'Chat', 'Completions', 'prototype'), 'create'],
      [valueAt(client, 'Responses', 'prototype'), 'create'],
      [valueAt(client, 'prototype'), 'prepareOptions'],
    ] as const) {
      if (isRecord(target)) unpatchMethod(target, name);
    }
  }
}

type Api = 'chat' | 'responses';

function wrapCreate(original: Method, api: Api): Method {
  return function tokentallyCreate(this: unknown, ...args: unknown[]): unknown {
    const span = activeModelCallSpan();
    const params = args[0];
    if (!span || !isRecord(params)) return Reflect.apply(original, this, args);
    const injectUsage = api === 'chat' && params.stream === true && valueAt(params, 'stream_options', 'include_usage') !== true;
    const callArgs = injectUsage ? [askForStreamUsage(params), ...args.slice(1)] : args;
    const result: unknown = Reflect.apply(original, this, callArgs);
    onSettled(result, (value) => {
      if (isSdkStream(value)) {
        tapStream(value, { onItem: (item) => recordStreamItem(span, api, item, injectUsage) });
      } else {
        span.setAttributes(api === 'chat' ? chatCompletionsUsage(valueAt(value, 'usage')) : responsesUsage(valueAt(value, 'usage')));
      }
    });
    return result;
  };
}

function askForStreamUsage(params: UnknownRecord): UnknownRecord {
  const streamOptions = isRecord(params.stream_options) ? params.stream_options : {};
  return { ...params, stream_options: { ...streamOptions, include_usage: true } };
}

/** Records usage from a stream item; false for the usage-only chunk the application did not ask for. */
function recordStreamItem(span: Span, api: Api, item: unknown, injectedUsage: boolean): boolean {
  if (api === 'responses') {
    if (stringAt(item, 'type') === 'response.completed') span.setAttributes(responsesUsage(valueAt(item, 'response', 'usage')));
    return true;
  }
  const usage = valueAt(item, 'usage');
  if (!isRecord(usage)) return true;
  span.setAttributes(chatCompletionsUsage(usage));
  const choices = valueAt(item, 'choices');
  return !(injectedUsage && Array.isArray(choices) && choices.length === 0);
}
