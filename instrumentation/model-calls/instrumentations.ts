import type { Instrumentation } from '@opentelemetry/instrumentation';
import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';
import type { BudgetGuard } from '../budget/guard.js';
import { AnthropicInstrumentation } from './anthropic-instrumentation.js';
import { OpenAIUsageInstrumentation } from './openai-instrumentation.js';

/**
 * The model SDK instrumentations, in the order they must be registered: ours for openai before
 * the official one, so that ours wraps inside it (see OpenAIUsageInstrumentation). Content
 * capture stays off: prompts and completions never leave the process.
 */
export function createModelInstrumentations(options: { guard?: BudgetGuard } = {}): Instrumentation[] {
  return [
    new OpenAIUsageInstrumentation({ guard: options.guard }),
    new OpenAIInstrumentation(),
    new AnthropicInstrumentation({ guard: options.guard }),
  ];
}
