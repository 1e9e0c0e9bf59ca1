/**
 * A three-agent research pipeline (planner → researcher → writer) on the real openai and
 * @anthropic-ai/sdk clients. Its model calls are plain SDK calls: tokentally prices and attributes
 * them because the process starts with `--import tokentally/register`; the only tokentally code
 * here says which run, agent and task a call belongs to, records a non-model cost, and reacts
 * to budgets.
 *
 * Against the local model test server (or drop the base URLs and use real API keys):
 *
 *   node dist/instrumentation/testing/model-server-cli.js          # prints the two base URLs
 *   OPENAI_BASE_URL=… ANTHROPIC_BASE_URL=… OPENAI_API_KEY=test ANTHROPIC_API_KEY=test \
 *   OTEL_SERVICE_NAME=research-pipeline \
 *     node --import tokentally/register dist/instrumentation/examples/pipeline.js "prompt caching"
 *
 * PIPELINE_RUN_ID and PIPELINE_SESSION_ID fix the run and session ids (random otherwise).
 */
import { randomUUID } from 'node:crypto';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import {
  BudgetError,
  onBudgetAlert,
  recordCost,
  withAgent,
  withRun,
  withSession,
  withTask,
} from 'tokentally/instrumentation';

const openai = new OpenAI();
const anthropic = new Anthropic();

// Long, stable instructions shared across calls: the providers cache such prefixes, and
// tokentally prices the cached tokens at the cache-read rate.
const HOUSE_STYLE = [
  'You write for engineers who build AI agents. Be concrete and brief.',
  'Prefer numbers to adjectives. Name the API, the parameter and the unit.',
  'Never invent a citation; say what is unknown. Use plain English, short sentences, active voice.',
].join('\n');
const RESEARCH_BRIEF =
  'You are a careful researcher. Answer from established engineering practice, list the facts that ' +
  'matter for cost, and flag anything that depends on the provider or the model version.';
const REVIEW_RULES = 'Review the draft for accuracy and cost claims. Return the corrected draft only.';

// Soft budget warnings steer the pipeline to a cheaper reviewer instead of stopping it.
let reviewModel = 'o4-mini';
onBudgetAlert((alert) => {
  console.log(`budget "${alert.budget}" passed ${alert.thresholdPercent}%: reviewing with gpt-4o-mini`);
  reviewModel = 'gpt-4o-mini';
});

async function plan(topic: string): Promise<string[]> {
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: HOUSE_STYLE },
      { role: 'user', content: `List two research questions about ${topic}, one per line.` },
    ],
  });
  const questions = (completion.choices[0]?.message.content ?? '').split('\n').filter((line) => line.endsWith('?'));
  return questions.length >= 2 ? questions : [`What does ${topic} cost?`, `How is ${topic} measured?`];
}

async function research(question: string): Promise<string> {
  const message = await anthropic.messages.create({
    model: 'claude-haiku-4-5',
    max_tokens: 512,
    system: [{ type: 'text', text: RESEARCH_BRIEF, cache_control: { type: 'ephemeral' } }],
    messages: [{ role: 'user', content: question }],
  });
  // A paid search API used alongside the model: a cost no model-call span carries.
  recordCost({ usd: 0.0025, category: 'tool', name: 'search.query' });
  return message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('\n');
}

async function summarize(notes: string[]): Promise<string> {
  const stream = anthropic.messages.stream({
    model: 'claude-sonnet-4-6',
    max_tokens: 2048,
    thinking: { type: 'adaptive' },
    system: [{ type: 'text', text: RESEARCH_BRIEF, cache_control: { type: 'ephemeral' } }],
    messages: [{ role: 'user', content: `Summarize these notes:\n${notes.join('\n')}` }],
  });
  const message = await stream.finalMessage();
  return message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('\n');
}

async function draft(topic: string, summary: string): Promise<string> {
  const stream = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    stream: true,
    messages: [
      { role: 'system', content: HOUSE_STYLE },
      { role: 'user', content: `Write a short article on ${topic} from this summary:\n${summary}` },
    ],
  });
  let text = '';
  // No stream_options here: tokentally asks for usage itself and hides the usage chunk.
  for await (const chunk of stream) text += chunk.choices[0].delta.content ?? '';
  return text;
}

async function review(article: string): Promise<string> {
  const reviewed = await openai.responses.create({ model: reviewModel, instructions: REVIEW_RULES, input: article });
  const polished = openai.responses.stream({
    model: reviewModel,
    instructions: REVIEW_RULES,
    input: `Tighten this:\n${reviewed.output_text}`,
  });
  return (await polished.finalResponse()).output_text;
}

async function pipeline(topic: string): Promise<string> {
  const questions = await withAgent('planner', () => withTask('plan', () => plan(topic)));
  const summary = await withAgent('researcher', async () => {
    const notes = await withTask('research', () => Promise.all(questions.slice(0, 2).map(research)));
    return withTask('summarize', () => summarize(notes));
  });
  return withAgent('writer', async () => {
    const article = await withTask('draft', () => draft(topic, summary));
    return withTask('review', () => review(article));
  });
}

const topic = process.argv[2] ?? 'prompt caching';
const runId = process.env.PIPELINE_RUN_ID ?? randomUUID();
const sessionId = process.env.PIPELINE_SESSION_ID ?? randomUUID();
console.log(`run ${runId}: researching "${topic}"`);
try {
  const article = await withSession(sessionId, () => withRun(runId, () => pipeline(topic)));
  console.log(article);
} catch (error) {
  if (!(error instanceof BudgetError)) throw error;
  // A hard budget stops the run before the model call that would overspend it.
  console.error(`run ${runId} stopped by its budget: ${error.name}: ${error.message}`);
  process.exitCode = 2;
}
