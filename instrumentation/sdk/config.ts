import type { BudgetFailMode } from '../budget/guard.js';
import { warnOnce } from '../warn-once.js';

/** The instrumentation's settings, from TOKENTALLY_* and OTEL_SERVICE_NAME. */
export interface TokentallyConfig {
  /** tokentally's API (budget check), TOKENTALLY_URL. */
  url: string;
  apiKey?: string;
  serviceName?: string;
  budget: {
    enabled: boolean;
    failMode: BudgetFailMode;
    /** How long a budget answer is reused, TOKENTALLY_BUDGET_CACHE_MS. */
    cacheMs: number;
    /** How long a budget check may take, TOKENTALLY_BUDGET_TIMEOUT_MS. */
    timeoutMs: number;
  };
  /** How long the exit flush may hold up process exit, TOKENTALLY_FLUSH_TIMEOUT_MS. */
  flushTimeoutMs: number;
}

/**
 * Reads the environment once, at start-up. A bad value is reported (naming the variable and what
 * it expects) and replaced by its default: a typo in a setting must not stop the agent.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): TokentallyConfig {
  return {
    url: readUrl(env, 'TOKENTALLY_URL', 'http://127.0.0.1:4319'),
    apiKey: env.TOKENTALLY_API_KEY || undefined,
    serviceName: env.OTEL_SERVICE_NAME || undefined,
    budget: {
      enabled: readChoice(env, 'TOKENTALLY_BUDGET_GUARD', ['on', 'off'], 'on') === 'on',
      failMode: readChoice(env, 'TOKENTALLY_BUDGET_FAIL', ['open', 'closed'], 'open'),
      cacheMs: readMillis(env, 'TOKENTALLY_BUDGET_CACHE_MS', 2_000),
      timeoutMs: readMillis(env, 'TOKENTALLY_BUDGET_TIMEOUT_MS', 500),
    },
    flushTimeoutMs: readMillis(env, 'TOKENTALLY_FLUSH_TIMEOUT_MS', 2_000),
  };
}

function readChoice<T extends string>(env: NodeJS.ProcessEnv, name: string, choices: readonly T[], fallback: T): T {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  const choice = choices.find((candidate) => candidate === raw);
  if (choice) return choice;
  invalid(name, raw, `one of ${choices.join(', ')}`, fallback);
  return fallback;
}

function readMillis(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (Number.isInteger(value) && value >= 0) return value;
  invalid(name, raw, 'a whole number of milliseconds', String(fallback));
  return fallback;
}

function readUrl(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return raw;
  } catch {
    // Reported below.
  }
  invalid(name, raw, 'an http(s) URL', fallback);
  return fallback;
}

function invalid(name: string, raw: string, expected: string, fallback: string): void {
  warnOnce(`TOKENTALLY_CONFIG_${name}`, `tokentally: ${name}=${raw} is not valid (expected ${expected}); using ${fallback}`);
}
