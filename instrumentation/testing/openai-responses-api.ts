import type { UnknownRecord } from '../values.js';
import { echoText, isReasoning, streamPieces, type ServerSentEvent } from './answer.js';
import { countTokens, REASONING_TOKENS, type PromptCache } from './tokens.js';

/** OpenAI Responses, as /v1/responses answers. */

interface ResponseTurn {
  text: string;
  message: { id: string; content: UnknownRecord[] } & UnknownRecord;
  completed: UnknownRecord;
}

export function responsesAnswer(body: UnknownRecord, cache: PromptCache, id: string): UnknownRecord {
  return answer(body, cache, id).completed;
}

export function streamResponses(body: UnknownRecord, cache: PromptCache, id: string): ServerSentEvent[] {
  const { text, completed, message } = answer(body, cache, id);
  const inProgress = { ...completed, status: 'in_progress', output: [], usage: null };
  const part = { item_id: message.id, output_index: 0, content_index: 0 };
  const events: Array<[string, UnknownRecord]> = [
    ['response.created', { response: inProgress }],
    ['response.in_progress', { response: inProgress }],
    ['response.output_item.added', { output_index: 0, item: { ...message, status: 'in_progress', content: [] } }],
    ['response.content_part.added', { ...part, part: { ...message.content[0], text: '' } }],
    ...streamPieces(text).map((delta): [string, UnknownRecord] => [
      'response.output_text.delta',
      { ...part, delta, logprobs: [] },
    ]),
    ['response.output_text.done', { ...part, text, logprobs: [] }],
    ['response.content_part.done', { ...part, part: message.content[0] }],
    ['response.output_item.done', { output_index: 0, item: message }],
    ['response.completed', { response: completed }],
  ];
  return events.map(([type, data], sequence) => ({ event: type, data: { type, sequence_number: sequence, ...data } }));
}

function answer(body: UnknownRecord, cache: PromptCache, id: string): ResponseTurn {
  const instructions = typeof body.instructions === 'string' ? body.instructions : '';
  const input = typeof body.input === 'string' ? body.input : JSON.stringify(body.input ?? '');
  const inputTokens = countTokens(instructions) + countTokens(input);
  // The instructions are the cacheable prefix.
  const cachedTokens = instructions && cache.hit([body.model, instructions]) ? countTokens(instructions) : 0;
  const reasoningTokens = isReasoning(body) ? REASONING_TOKENS : 0;
  const text = echoText(body);
  const outputTokens = countTokens(text) + reasoningTokens;
  const message = {
    id: `msg_${id}`,
    type: 'message',
    role: 'assistant',
    status: 'completed',
    content: [{ type: 'output_text', text, annotations: [], logprobs: [] }],
  };
  const completed: UnknownRecord = {
    id: `resp_${id}`,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: 'completed',
    model: body.model,
    instructions: instructions || null,
    output: [message],
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: [],
    usage: {
      input_tokens: inputTokens,
      input_tokens_details: { cached_tokens: cachedTokens },
      output_tokens: outputTokens,
      output_tokens_details: { reasoning_tokens: reasoningTokens },
      total_tokens: inputTokens + outputTokens,
    },
  };
  return { text, completed, message };
}
