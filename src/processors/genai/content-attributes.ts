/**
 * Attributes that carry prompt, completion, tool-argument or document text. tokentally stores
 * what a call cost, never what it said: these are left out of the attributes JSON, which keeps
 * personal data out of the cost database and keeps rows small on the hot path (instrumentations
 * that capture content put kilobytes per span here).
 */

const CONTENT_KEYS: ReadonlySet<string> = new Set([
  'gen_ai.input.messages',
  'gen_ai.output.messages',
  'gen_ai.system_instructions',
  'gen_ai.tool.definitions',
  'gen_ai.tool.call.arguments',
  'gen_ai.tool.call.result',
  'gen_ai.retrieval.documents',
  'gen_ai.retrieval.query.text',
  'gen_ai.memory.records',
  'gen_ai.memory.query.text',
  'gen_ai.prompt',
  'gen_ai.completion',
  'input.value',
  'output.value',
  'llm.prompt_template.template',
  'llm.prompt_template.variables',
  'traceloop.entity.input',
  'traceloop.entity.output',
]);

/** Indexed families: `gen_ai.prompt.0.content`, `llm.input_messages.1.message.content`, … */
const CONTENT_PREFIXES: readonly string[] = [
  'gen_ai.prompt.',
  'gen_ai.completion.',
  'llm.input_messages.',
  'llm.output_messages.',
  'llm.prompts.',
  'llm.tools.',
  'retrieval.documents.',
  'embedding.embeddings.',
];

export function isContentAttribute(key: string): boolean {
  if (CONTENT_KEYS.has(key)) return true;
  for (const prefix of CONTENT_PREFIXES) {
    if (key.startsWith(prefix)) return true;
  }
  return false;
}
