import { isRecord, stringAt, valueAt, type UnknownRecord } from '../values.js';
import { echoText, streamPieces, type ServerSentEvent } from './answer.js';
import { countTokens, REASONING_TOKENS, type PromptCache } from './tokens.js';

/** Anthropic Messages, as /v1/messages answers. */

interface MessageTurn {
  text: string;
  thinking?: string;
  usage: UnknownRecord;
}

export function anthropicAnswer(body: UnknownRecord, cache: PromptCache, id: string): UnknownRecord {
  const turn = answer(body, cache);
  const content: UnknownRecord[] = [];
  if (turn.thinking) content.push({ type: 'thinking', thinking: turn.thinking, signature: 'sig' });
  content.push({ type: 'text', text: turn.text, citations: null });
  return {
    id: `msg_${id}`,
    type: 'message',
    role: 'assistant',
    model: body.model,
    content,
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: turn.usage,
  };
}

export function streamAnthropic(body: UnknownRecord, cache: PromptCache, id: string): ServerSentEvent[] {
  const turn = answer(body, cache);
  const events: UnknownRecord[] = [
    {
      type: 'message_start',
      message: {
        id: `msg_${id}`,
        type: 'message',
        role: 'assistant',
        model: body.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        // As the API does: the input counts are final, output_tokens is a placeholder.
        usage: { ...turn.usage, output_tokens: 1, output_tokens_details: null },
      },
    },
  ];
  const blocks: Array<{ start: UnknownRecord; deltas: UnknownRecord[] }> = [];
  if (turn.thinking) {
    blocks.push({
      start: { type: 'thinking', thinking: '', signature: '' },
      deltas: [
        { type: 'thinking_delta', thinking: turn.thinking },
        { type: 'signature_delta', signature: 'sig' },
      ],
    });
  }
  blocks.push({
    start: { type: 'text', text: '', citations: null },
    deltas: streamPieces(turn.text).map((text) => ({ type: 'text_delta', text })),
  });
  blocks.forEach((block, index) => {
    events.push({ type: 'content_block_start', index, content_block: block.start });
    for (const delta of block.deltas) events.push({ type: 'content_block_delta', index, delta });
    events.push({ type: 'content_block_stop', index });
  });
  events.push(
    { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: turn.usage },
    { type: 'message_stop' },
  );
  return events.map((data) => ({ event: String(data.type), data }));
}

function answer(body: UnknownRecord, cache: PromptCache): MessageTurn {
  const parts = promptParts(body);
  const totalTokens = parts.reduce((sum, part) => sum + part.tokens, 0);
  // Everything up to the last cache_control breakpoint is the cacheable prefix.
  const breakpoint = parts.findLastIndex((part) => part.cacheBreakpoint);
  const prefix = parts.slice(0, breakpoint + 1);
  const prefixTokens = prefix.reduce((sum, part) => sum + part.tokens, 0);
  const cached = breakpoint >= 0 && cache.hit([body.model, prefix.map((part) => part.text)]);
  const thinkingType = stringAt(body, 'thinking', 'type');
  const thinks = thinkingType === 'enabled' || thinkingType === 'adaptive';
  const text = echoText(body);
  const thinkingTokens = thinks ? REASONING_TOKENS : 0;
  const cacheRead = breakpoint >= 0 && cached ? prefixTokens : 0;
  const cacheCreation = breakpoint >= 0 && !cached ? prefixTokens : 0;
  return {
    text,
    thinking: thinks ? 'Considering the request step by step.' : undefined,
    usage: {
      // Anthropic counts input after the last cache breakpoint only.
      input_tokens: totalTokens - cacheRead - cacheCreation,
      cache_creation_input_tokens: cacheCreation,
      cache_read_input_tokens: cacheRead,
      cache_creation: { ephemeral_5m_input_tokens: cacheCreation, ephemeral_1h_input_tokens: 0 },
      output_tokens: countTokens(text) + thinkingTokens,
      output_tokens_details: thinks ? { thinking_tokens: thinkingTokens } : null,
      server_tool_use: null,
      service_tier: 'standard',
    },
  };
}

interface PromptPart {
  text: string;
  tokens: number;
  cacheBreakpoint: boolean;
}

/** System blocks, then each message's content blocks, in the order the API caches them. */
function promptParts(body: UnknownRecord): PromptPart[] {
  const parts: PromptPart[] = [];
  const add = (content: unknown): void => {
    if (typeof content === 'string') {
      parts.push({ text: content, tokens: countTokens(content), cacheBreakpoint: false });
      return;
    }
    if (!Array.isArray(content)) return;
    for (const block of content) {
      const text = stringAt(block, 'text') ?? JSON.stringify(block);
      parts.push({ text, tokens: countTokens(text), cacheBreakpoint: isRecord(valueAt(block, 'cache_control')) });
    }
  };
  add(body.system);
  for (const message of Array.isArray(body.messages) ? body.messages : []) add(valueAt(message, 'content'));
  return parts;
}
