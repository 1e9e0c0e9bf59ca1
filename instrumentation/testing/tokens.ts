/** Deterministic token arithmetic for the model test server. */

/** About four characters per token, never zero for non-empty text. */
export function countTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Reasoning tokens the server reports for a reasoning model or an answer with thinking. */
export const REASONING_TOKENS = 48;

/**
 * Prompt caching as the providers do it, simplified: a prompt prefix seen before is read from the
 * cache, a new one is written to it. Keyed by the prefix's exact JSON.
 */
export class PromptCache {
  private readonly seen = new Set<string>();

  /** True when `prefix` was cached before; caches it either way. */
  hit(prefix: unknown): boolean {
    const key = JSON.stringify(prefix);
    if (this.seen.has(key)) return true;
    this.seen.add(key);
    return false;
  }
}
