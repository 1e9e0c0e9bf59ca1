import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnalyticsFixture, type AnalyticsFixture } from '../analytics/support/analytics-fixture.js';
import { groupBy, modelOf, nanos, type CallRow } from '../analytics/support/expected.js';
import { NOW_MS, syntheticActivity, syntheticHistory } from '../analytics/support/history.js';

function parse(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

describe('GET /metrics', () => {
  let fx: AnalyticsFixture;
  let facts: CallRow[];
  let sent = 0;

  beforeAll(async () => {
    fx = await startAnalyticsFixture({
      clock: () => NOW_MS,
      apiKeys: [
        { key: 'metrics-read-key-0001', tenant: 'default', scopes: ['read'] },
        { key: 'metrics-admin-key-001', tenant: 'default', scopes: ['admin'] },
      ],
      tenants: ['other'],
    });
    const history = syntheticHistory({ days: 5 });
    const activity = syntheticActivity(history);
    const other = syntheticHistory({ days: 5, tenant: 'other' });
    await fx.store(history, activity);
    await fx.store(other);
    sent = history.length + activity.length + other.length;
    facts = (await fx.facts()).filter((r) => r.tenant === 'default');
  });
  afterAll(() => fx.close());

  it('counts calls, cost and unpriced calls by provider, model and agent', async () => {
    const res = await fetch(`${fx.apiUrl}/metrics`, { headers: { authorization: 'Bearer metrics-read-key-0001' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const samples = parse(await res.text());
    for (const [key, rs] of groupBy(facts, (r) => `${r.provider}|${modelOf(r)}|${r.agent}`)) {
      const [provider, model, agent] = key!.split('|');
      const labels = `{tenant="default",provider="${provider}",model="${model}",agent="${agent}"}`;
      expect(samples.get(`tokentally_calls_total${labels}`)).toBe(rs.length);
      expect(nanos(samples.get(`tokentally_cost_usd_total${labels}`)!)).toBe(rs.reduce((s, r) => s + nanos(r.total_cost), 0));
      expect(samples.get(`tokentally_unpriced_calls_total${labels}`)).toBe(rs.filter((r) => r.total_cost === null).length);
      expect(samples.get(`tokentally_tokens_total{tenant="default",provider="${provider}",model="${model}",agent="${agent}",type="output"}`)).toBe(rs.reduce((s, r) => s + r.output_tokens, 0));
    }
    expect([...samples.keys()].some((k) => k.includes('tenant="other"'))).toBe(false);
    expect([...samples.keys()].some((k) => k.startsWith('tokentally_spans_received_total'))).toBe(false);
  });

  it('shows the pipeline figures to admin keys: spans by protocol, queue, commit latency, memory', async () => {
    const res = await fetch(`${fx.apiUrl}/metrics`, { headers: { authorization: 'Bearer metrics-admin-key-001' } });
    const samples = parse(await res.text());
    expect(samples.get('tokentally_spans_received_total{protocol="http"}')).toBe(sent);
    expect(samples.get('tokentally_spans_accepted_total{protocol="http"}')).toBe(sent);
    expect(samples.get('tokentally_spans_rejected_total{protocol="http"}')).toBe(0);
    expect(samples.get('tokentally_spans_received_total{protocol="grpc"}')).toBe(0);
    expect(samples.get('tokentally_spans_refused_total{protocol="http"}')).toBe(0);
    expect(samples.get('tokentally_requests_refused_total{protocol="http"}')).toBe(0);
    expect(samples.get('tokentally_queue_depth')).toBe(0);
    // Everything sent was processed, on a thread that never had to be replaced.
    expect(samples.get('tokentally_processing_pending_requests')).toBe(0);
    expect(samples.get('tokentally_processing_thread_restarts_total')).toBe(0);
    // The process's own memory, to watch against a container limit.
    const rss = samples.get('process_resident_memory_bytes')!;
    expect(rss).toBeGreaterThan(50 * 2 ** 20);
    expect(samples.get('nodejs_heap_size_used_bytes')).toBeLessThan(rss);
    // In-process test servers run without heap steering (test/support/server.ts).
    expect(samples.get('tokentally_memory_soft_limit_bytes')).toBe(0);
    expect(samples.get('tokentally_heap_steering{level="relaxed"}')).toBe(1);
    const commits = samples.get('tokentally_commit_duration_seconds_count')!;
    expect(commits).toBeGreaterThan(0);
    expect(samples.get('tokentally_commit_duration_seconds_bucket{le="+Inf"}')).toBe(commits);
  });

  it('needs a key', async () => {
    expect((await fx.get('/metrics', null)).status).toBe(401);
  });
});
