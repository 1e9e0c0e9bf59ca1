import { describe, expect, it } from 'vitest';
import { chatSpan, span } from '../../support/spans.js';
import { callsFrom } from './harness.js';

describe('genai: older and alternative attribute names', () => {
  it('reads gen_ai.system and prompt/completion token names (semconv before 1.37, OpenLLMetry)', async () => {
    const [call] = await callsFrom(
      span({
        name: 'openai.chat',
        attributes: {
          'gen_ai.system': 'openai',
          'llm.request.type': 'chat',
          'gen_ai.request.model': 'gpt-4o',
          'gen_ai.response.model': 'gpt-4o-2024-08-06',
          'gen_ai.usage.prompt_tokens': 812,
          'gen_ai.usage.completion_tokens': 95,
          'llm.usage.total_tokens': 907,
          'gen_ai.openai.response.service_tier': 'default',
        },
      }),
    );
    expect(call).toMatchObject({
      provider: 'openai',
      operation: 'chat',
      inputTokens: 812,
      outputTokens: 95,
      serviceTier: 'default',
      attributesJson: '{"llm.usage.total_tokens":907}',
    });
  });

  it('reads the llm.usage.* names of early OpenLLMetry releases', async () => {
    const [call] = await callsFrom(
      span({
        attributes: {
          'llm.request.type': 'completion',
          'gen_ai.system': 'OpenAI',
          'llm.request.model': 'gpt-3.5-turbo-instruct',
          'llm.usage.prompt_tokens': 50,
          'llm.usage.completion_tokens': 7,
        },
      }),
    );
    expect(call).toMatchObject({ operation: 'text_completion', provider: 'openai', requestModel: 'gpt-3.5-turbo-instruct', inputTokens: 50, outputTokens: 7 });
  });

  it('prefers gen_ai.provider.name over gen_ai.system, and the response model over the request model', async () => {
    const [call] = await callsFrom(
      chatSpan({ provider: 'azure.ai.openai', model: 'gpt-4o', attributes: { 'gen_ai.system': 'openai', 'gen_ai.response.model': 'gpt-4o-2024-11-20' } }),
    );
    expect(call).toMatchObject({ provider: 'azure', requestModel: 'gpt-4o', responseModel: 'gpt-4o-2024-11-20' });
  });

  it('prefers the current token names over the deprecated ones', async () => {
    const [call] = await callsFrom(
      chatSpan({ usage: { input: 30, output: 4 }, attributes: { 'gen_ai.usage.prompt_tokens': 1, 'gen_ai.usage.completion_tokens': 1 } }),
    );
    expect(call).toMatchObject({ inputTokens: 30, outputTokens: 4 });
  });

  it('accepts counts sent as decimal strings', async () => {
    const [call] = await callsFrom(chatSpan({ usage: {}, attributes: { 'gen_ai.usage.input_tokens': '120', 'gen_ai.usage.output_tokens': '8' } }));
    expect(call).toMatchObject({ inputTokens: 120, outputTokens: 8 });
  });

  it.each([
    ['openai', 'openai'],
    ['anthropic', 'anthropic'],
    ['Anthropic', 'anthropic'],
    ['aws.bedrock', 'aws'],
    ['AWS Bedrock', 'aws'],
    ['gcp.vertex_ai', 'google'],
    ['gcp.gemini', 'google'],
    ['gcp.gen_ai', 'google'],
    ['vertex_ai', 'google'],
    ['gemini', 'google'],
    ['azure.ai.openai', 'azure'],
    ['az.ai.openai', 'azure'],
    ['azure.ai.inference', 'azure'],
    ['az.ai.inference', 'azure'],
    ['x_ai', 'x-ai'],
    ['xai', 'x-ai'],
    ['mistral_ai', 'mistral'],
    ['mistralai', 'mistral'],
    ['deepseek', 'deepseek'],
    ['groq', 'groq'],
    ['cohere', 'cohere'],
    ['perplexity', 'perplexity'],
    ['moonshot_ai', 'moonshotai'],
    ['openrouter', 'openrouter'],
    ['together_ai', 'together'],
    ['ibm.watsonx.ai', 'ibm.watsonx.ai'],
    ['Ollama', 'ollama'],
  ])('maps provider %j to the catalog id %j', async (name, id) => {
    const [call] = await callsFrom(chatSpan({ provider: name }));
    expect(call?.provider).toBe(id);
  });

  it.each([
    ['api.openai.com', 'openai'],
    ['api.anthropic.com', 'anthropic'],
    ['my-resource.openai.azure.com', 'azure'],
    ['my-project.services.ai.azure.com', 'azure'],
    ['bedrock-runtime.us-east-1.amazonaws.com', 'aws'],
    ['generativelanguage.googleapis.com', 'google'],
    ['us-central1-aiplatform.googleapis.com', 'google'],
    ['api.groq.com', 'groq'],
    ['api.x.ai', 'x-ai'],
    ['api.mistral.ai', 'mistral'],
    ['api.deepseek.com', 'deepseek'],
    ['openrouter.ai', 'openrouter'],
    ['https://api.openai.com/v1', 'openai'],
    ['localhost', ''],
  ])('takes the provider from server.address %j when the span names none', async (address, id) => {
    const [call] = await callsFrom(chatSpan({ attributes: { 'gen_ai.provider.name': undefined, 'server.address': address } }));
    expect(call?.provider).toBe(id);
  });
});
