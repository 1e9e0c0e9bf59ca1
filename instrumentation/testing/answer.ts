import { stringAt, valueAt, type UnknownRecord } from '../values.js';

/** One server-sent event: `event` is set for the APIs that name their events (Responses, Anthropic). */
export interface ServerSentEvent {
  event?: string;
  data: UnknownRecord | '[DONE]';
}

/** The server's deterministic answer: the model's name and the start of the last user turn. */
export function echoText(body: UnknownRecord): string {
  return `(${String(body.model)}) ${lastUserText(body).slice(0, 80)}`.trim();
}

/** The text of the last user turn of a chat / messages / responses request. */
function lastUserText(body: UnknownRecord): string {
  const input = body.input;
  if (typeof input === 'string') return input;
  const turns = Array.isArray(body.messages) ? body.messages : Array.isArray(input) ? input : [];
  for (let index = turns.length - 1; index >= 0; index--) {
    const turn = turns[index];
    if (stringAt(turn, 'role') !== 'user') continue;
    const content = valueAt(turn, 'content');
    if (typeof content === 'string') return content;
    if (Array.isArray(content)) return content.map((part) => stringAt(part, 'text') ?? '').join(' ');
  }
  return '';
}

/** The answer split into streamed pieces, a word (with its trailing space) each. */
export function streamPieces(text: string): string[] {
  return text.match(/\S+\s*/g) ?? [text];
}

/** Whether the request asks a reasoning model (OpenAI o-series, gpt-5) or sets a reasoning effort. */
export function isReasoning(body: UnknownRecord): boolean {
  return /^(o\d|gpt-5)/.test(String(body.model)) || body.reasoning_effort !== undefined || body.reasoning !== undefined;
}
