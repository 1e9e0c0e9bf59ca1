import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { ConfigError, loadConfig, parseConfig } from '../../src/config/load.js';
import { assertSafeBinding } from '../../src/service/loopback-guard.js';
import { tempDir } from '../support/temp-dir.js';

const fixture = (name: string) => join(import.meta.dirname, 'testdata', name);

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config loading', () => {
  it('gives every section its defaults when there is no file', () => {
    const config = loadConfig(undefined, {});
    expect(config.receivers.otlp.protocols).toEqual({
      grpc: { endpoint: '127.0.0.1:4317', max_recv_msg_size_mib: 20 },
      http: { endpoint: '127.0.0.1:4318', max_request_body_size_mib: 20 },
    });
    expect(config.exporters.duckdb.path).toBe('./data/tokentally.duckdb');
    expect(config.api.endpoint).toBe('127.0.0.1:4319');
    expect(config.service.pipelines.traces).toEqual({ receivers: ['otlp'], processors: ['genai', 'cost', 'runs'], exporters: ['duckdb'], processing_thread: true });
    expect(config.auth.api_keys).toEqual([]);
  });

  it('lays a YAML fixture over the defaults and expands ${env:…} with types kept', () => {
    const config = loadConfig(fixture('full.yaml'), { TT_TEST_DB: '/tmp/x.duckdb', TT_TEST_KEY: 'k'.repeat(24) });
    expect(config.receivers.otlp.protocols).toEqual({ grpc: { endpoint: '127.0.0.1:14317', max_recv_msg_size_mib: 20 }, http: null });
    expect(config.exporters.duckdb).toEqual({ path: '/tmp/x.duckdb', commit_interval_ms: 7, queue_max_spans: 16_384, memory_limit: '128MB', checkpoint_threshold: '48MB', allocator_bulk_deallocation_flush_threshold: '2MB' });
    expect(config.pricing.overrides).toEqual([{ provider: 'tool', model: 'web_scrape', per_call: 0.002, effective_from: '2026-01-01' }]);
    expect(config.budgets[0]).toEqual({
      name: 'researcher-daily', scope: 'agent', target: 'researcher', period: 'daily', limit_usd: 25, policy: 'hard',
      thresholds: [50, 80, 95, 100], timezone: 'UTC', webhooks: [], emails: [], overrun_policy: 'allow',
    });
    expect(config.auth.api_keys).toEqual([{ name: 'ci', key: 'k'.repeat(24), tenant: 'acme', scopes: ['ingest', 'read'] }]);
  });

  it('the shipped otel-config.yaml is valid and equals the defaults', () => {
    expect(loadConfig(join(import.meta.dirname, '../../otel-config.yaml'), {})).toEqual(loadConfig(undefined, {}));
  });

  it('names every bad key and what was expected', () => {
    const problems = problemsOf(() =>
      parseConfig({
        receivers: { otlp: { protocols: { http: { endpoint: 'nope', bogus: 1 } } } },
        exporters: { duckdb: { commit_interval_ms: -5, checkpoint_threshold: 'lots', allocator_bulk_deallocation_flush_threshold: '2 lorries' } },
        budgets: [{ name: 'b', scope: 'galaxy', period: 'daily', limit_usd: -1 }],
        service: {
          pipelines: { traces: { receivers: ['otlp'], processors: ['cost', 'genai', 'runs'], exporters: ['duckdb'] } },
          memory: { soft_limit_mib: 10, check_interval_ms: 5 },
        },
      }, 'test', {}),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'receivers.otlp.protocols.http.endpoint: expected host:port, e.g. 127.0.0.1:4318',
        'receivers.otlp.protocols.http: unknown key "bogus"',
        expect.stringMatching(/^exporters\.duckdb\.commit_interval_ms: /),
        'exporters.duckdb.checkpoint_threshold: a size such as 64MB or 1GiB',
        'exporters.duckdb.allocator_bulk_deallocation_flush_threshold: a size such as 64MB or 1GiB',
        expect.stringMatching(/^budgets\[0\]\.scope: .*org/),
        'budgets[0].limit_usd: limit_usd must be greater than 0',
        'service.memory.soft_limit_mib: use 0 to turn memory steering off, or at least 64',
        expect.stringMatching(/^service\.memory\.check_interval_ms: .*50/),
      ]),
    );
  });

  it('checks the pipeline: known components, cost processors in order', () => {
    const problems = problemsOf(() =>
      parseConfig({ service: { pipelines: { traces: { receivers: ['kafka'], processors: ['cost', 'genai', 'runs'], exporters: ['duckdb'] } } } }, 'test', {}),
    );
    expect(problems).toEqual([
      'service.pipelines.traces.receivers[0]: "kafka" is not a configured receiver (known: otlp)',
      'service.pipelines.traces.processors: must include genai, cost, runs in this order (got cost, genai, runs)',
    ]);
  });

  it('names a missing environment variable', () => {
    expect(problemsOf(() => parseConfig({ exporters: { duckdb: { path: '${env:TT_NOT_SET}' } } }, 'test', {}))).toEqual([
      'exporters.duckdb.path: environment variable TT_NOT_SET is not set (write ${env:TT_NOT_SET:-default} to give a default)',
    ]);
  });

  it('reports YAML syntax errors and missing files', () => {
    const { dir, cleanup } = tempDir();
    try {
      writeFileSync(join(dir, 'bad.yaml'), 'receivers: [unclosed\n');
      expect(problemsOf(() => loadConfig(join(dir, 'bad.yaml'), {}))[0]).toMatch(/^not valid YAML: /);
      expect(problemsOf(() => loadConfig(join(dir, 'missing.yaml'), {}))[0]).toMatch(/^file not found: /);
    } finally {
      cleanup();
    }
  });

  it('refuses to bind beyond loopback without API keys', () => {
    const open = parseConfig({ api: { endpoint: '0.0.0.0:4319' } }, 'test', {});
    expect(problemsOf(() => assertSafeBinding(open))).toEqual([
      'api.endpoint: "0.0.0.0:4319" is not a loopback address, and no API key is configured; add auth.api_keys or bind to 127.0.0.1',
    ]);
    const keyed = parseConfig({ api: { endpoint: '0.0.0.0:4319' }, auth: { api_keys: [{ key: 'x'.repeat(20), scopes: ['read'] }] } }, 'test', {});
    expect(() => assertSafeBinding(keyed)).not.toThrow();
  });
});
