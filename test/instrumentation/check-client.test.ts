import { describe, expect, it } from 'vitest';
import { budgetCheckUrl, classifyAnswer } from '../../instrumentation/budget/check-client.js';

describe('budget check request', () => {
  it('sends only the parameters it knows, the cost at nano-dollar resolution', () => {
    const url = budgetCheckUrl({ agent: 'researcher', runId: 'r 1', model: 'gpt-4o', estimatedCostUsd: 0.0000123456789 }, 'http://127.0.0.1:4319');
    expect(url.toString()).toBe(
      'http://127.0.0.1:4319/v1/budgets/check?agent=researcher&run_id=r+1&model=gpt-4o&estimated_cost=0.000012346',
    );
  });

  it('keeps a base URL path prefix', () => {
    expect(budgetCheckUrl({}, 'https://example.com/tokentally').toString()).toBe('https://example.com/tokentally/v1/budgets/check');
  });
});

describe('budget check answers', () => {
  it('200: allowed, with the reservation and any soft warnings', () => {
    expect(
      classifyAnswer(200, {
        allowed: true,
        remaining_usd: 4.5,
        reservation_id: 'res-1',
        warnings: [{ budget: 'daily', threshold: 80, spent_usd: 20, limit_usd: 25, policy: 'soft' }, { nonsense: true }],
      }),
    ).toEqual({
      status: 'allowed',
      remainingUsd: 4.5,
      reservationId: 'res-1',
      warnings: [{ budget: 'daily', thresholdPercent: 80, spentUsd: 20, limitUsd: 25, policy: 'soft', resetsAt: undefined }],
      cacheable: false,
    });
    expect(classifyAnswer(200, { allowed: true })).toMatchObject({ status: 'allowed', remainingUsd: null, warnings: [], cacheable: false });
    expect(classifyAnswer(200, { allowed: true, cacheable: true })).toMatchObject({ status: 'allowed', cacheable: true });
  });

  it('402: denied, with the budget details', () => {
    expect(
      classifyAnswer(402, { allowed: false, budget: 'daily', limit_usd: 25, spent_usd: 25.2, resets_at: '2026-11-23T00:00:00Z' }),
    ).toEqual({
      status: 'denied',
      denial: { allowed: false, budget: 'daily', limit_usd: 25, spent_usd: 25.2, resets_at: '2026-11-23T00:00:00Z' },
    });
  });

  it('402: keeps every field the collector sent; the budget is null when prepaid credits ran out', () => {
    const body = { allowed: false, reason: 'credits_exhausted', budget: null, credits_agent: 'researcher', limit_usd: 10, spent_usd: 10, resets_at: null };
    expect(classifyAnswer(402, body)).toEqual({ status: 'denied', denial: body });
  });

  it('202: approval required', () => {
    expect(classifyAnswer(202, { approval_id: 'ap-1', budget: 'big-calls' })).toEqual({
      status: 'approval_required',
      approval: { approval_id: 'ap-1', budget: 'big-calls' },
    });
  });

  it('403: approval denied; any other 403 (a key without the ingest scope) is a misconfiguration', () => {
    expect(classifyAnswer(403, { allowed: false, reason: 'approval_denied', approval_id: 'ap-2' })).toEqual({
      status: 'approval_denied',
      approval: { allowed: false, reason: 'approval_denied', approval_id: 'ap-2' },
    });
    expect(classifyAnswer(403, { error: { code: 'forbidden', message: 'missing scope ingest' } }).status).toBe('unavailable');
  });

  it('anything else is unavailable, for the fail mode to decide', () => {
    expect(classifyAnswer(401, { error: { code: 'unauthorized' } }).status).toBe('unavailable');
    expect(classifyAnswer(500, undefined).status).toBe('unavailable');
    expect(classifyAnswer(200, { allowed: 'yes' }).status).toBe('unavailable');
  });
});
