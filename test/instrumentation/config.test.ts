import { describe, expect, it, vi } from 'vitest';
import { readConfig } from '../../instrumentation/sdk/config.js';

describe('readConfig', () => {
  it('has a default for everything', () => {
    expect(readConfig({})).toEqual({
      url: 'http://127.0.0.1:4319',
      apiKey: undefined,
      serviceName: undefined,
      budget: { enabled: true, failMode: 'open', cacheMs: 2_000, timeoutMs: 500 },
      flushTimeoutMs: 2_000,
    });
  });

  it('reads TOKENTALLY_* and OTEL_SERVICE_NAME', () => {
    expect(
      readConfig({
        TOKENTALLY_URL: 'https://tokentally.internal:8443',
        TOKENTALLY_API_KEY: 'tt_key',
        OTEL_SERVICE_NAME: 'support-bot',
        TOKENTALLY_BUDGET_GUARD: 'OFF',
        TOKENTALLY_BUDGET_FAIL: 'closed',
        TOKENTALLY_BUDGET_CACHE_MS: '0',
        TOKENTALLY_BUDGET_TIMEOUT_MS: '250',
        TOKENTALLY_FLUSH_TIMEOUT_MS: '5000',
      }),
    ).toEqual({
      url: 'https://tokentally.internal:8443',
      apiKey: 'tt_key',
      serviceName: 'support-bot',
      budget: { enabled: false, failMode: 'closed', cacheMs: 0, timeoutMs: 250 },
      flushTimeoutMs: 5_000,
    });
  });

  it('reports a bad value, naming the variable, and keeps the default', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const config = readConfig({ TOKENTALLY_BUDGET_FAIL: 'sometimes', TOKENTALLY_BUDGET_CACHE_MS: '-1', TOKENTALLY_URL: 'ftp://x' });
    expect(config.budget.failMode).toBe('open');
    expect(config.budget.cacheMs).toBe(2_000);
    expect(config.url).toBe('http://127.0.0.1:4319');
    const messages = warn.mock.calls.map((args) => String(args[0]));
    expect(messages).toEqual([
      'tokentally: TOKENTALLY_URL=ftp://x is not valid (expected an http(s) URL); using http://127.0.0.1:4319',
      'tokentally: TOKENTALLY_BUDGET_FAIL=sometimes is not valid (expected one of open, closed); using open',
      'tokentally: TOKENTALLY_BUDGET_CACHE_MS=-1 is not valid (expected a whole number of milliseconds); using 2000',
    ]);
    warn.mockRestore();
  });
});
