import { valueAt, type UnknownRecord } from '../values.js';
import { echoText, isReasoning, streamPieces, type ServerSentEvent } from './answer.js';
import { countTokens, REASONING_TOKENS, type PromptCache } from './tokens.js';

/** OpenAI Chat Completions, as /v1/chat/completions answers. */

interface ChatTurn {
  text: string;
  usage: UnknownRecord;
}

export function chatCompletionAnswer(body: UnknownRecord, cache: PromptCache, id: string): UnknownRecord {
  const turn = answer(body, cache);
  return {
    id: `chatcmpl-${id}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    choices: [{ index: 0, message: { role: 'assistant', content: turn.text, refusal: null }, finish_reason: 'stop', logprobs: null }],
    usage: turn.usage,
  };
}

export function streamChatCompletion(body: UnknownRecord, cache: PromptCache, id: string): ServerSentEvent[] {
  const turn = answer(body, cache);
  const includeUsage = valueAt(body, 'stream_options', 'include_usage') === true;
  const chunk = (choices: unknown[], extra: UnknownRecord = {}): ServerSentEvent => ({
    data: {
      id: `chatcmpl-${id}`,
      object: 'chat.completion.chunk',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices,
      // With include_usage every chunk has a usage field, null until the last one.
      ...(includeUsage ? { usage: null } : {}),
      ...extra,
    },
  });
  const pieces = streamPieces(turn.text);
  return [
    chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]),
    ...pieces.map((piece) => chunk([{ index: 0, delta: { content: piece }, finish_reason: null }])),
    chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]),
    ...(includeUsage ? [chunk([], { usage: turn.usage })] : []),
    { data: '[DONE]' },
  ];
}

function answer(body: UnknownRecord, cache: PromptCache): ChatTurn {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const promptTokens = messages.reduce<number>((sum, message) => sum + messageTokens(message), 0);
  // The leading system prompt is the cacheable prefix, when other turns follow it.
  const cachedTokens = messages.length > 1 && cache.hit([body.model, messages[0]]) ? messageTokens(messages[0]) : 0;
  const reasoningTokens = isReasoning(body) ? REASONING_TOKENS : 0;
  const text = echoText(body);
  const completionTokens = countTokens(text) + reasoningTokens;
  return {
    text,
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: cachedTokens, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: reasoningTokens,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    },
  };
}

/** Per-message overhead, as OpenAI counts role and separators. */
const MESSAGE_OVERHEAD = 4;

function messageTokens(message: unknown): number {
  const content = valueAt(message, 'content');
  return MESSAGE_OVERHEAD + countTokens(typeof content === 'string' ? content : JSON.stringify(content ?? ''));
}
