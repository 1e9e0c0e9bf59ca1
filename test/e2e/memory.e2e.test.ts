import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnTestServer, type ServerProcess } from '../support/server.js';
import { tempDir } from '../support/temp-dir.js';
import { chatSpecs, postOtlp, protobufBody, readableSpans } from '../support/otlp.js';
import { MMAP_THRESHOLD_TUNABLE, runningGlibcVersion } from '../../src/service/malloc-advice.js';

const T0 = Date.parse('2026-11-20T09:00:00Z');

/** The server's threads, where the system lists them (Linux); undefined elsewhere. */
function threadCount(server: ServerProcess): number | undefined {
  const tasks = `/proc/${server.child.pid}/task`;
  return existsSync(tasks) ? readdirSync(tasks).length : undefined;
}

async function metrics(server: ServerProcess): Promise<string> {
  return (await fetch(`${server.apiUrl}/metrics`)).text();
}

describe('service.memory: tokentally serve steers its heap by its own RSS', () => {
  const dirs = [tempDir(), tempDir()] as const;
  let steered: ServerProcess;
  let unsteered: ServerProcess;
  beforeAll(async () => {
    // 64 MiB is below any Node process's RSS: that server runs at the tightest level throughout.
    [steered, unsteered] = await Promise.all([
      spawnTestServer(dirs[0].dir, { service: { memory: { soft_limit_mib: 64 } } }, { GLIBC_TUNABLES: `glibc.malloc.arena_max=4:${MMAP_THRESHOLD_TUNABLE}` }),
      spawnTestServer(dirs[1].dir, { service: { memory: { soft_limit_mib: 0 } } }, { GLIBC_TUNABLES: '', UV_THREADPOOL_SIZE: '3' }),
    ]);
  });
  afterAll(async () => {
    for (const s of [steered, unsteered]) {
      s.child.kill('SIGTERM');
      await s.exited;
    }
    for (const d of dirs) d.cleanup();
  });

  it('says so at start-up', () => {
    expect(steered.output()).toMatch(/memory\s+soft limit 64 MiB RSS/);
    expect(unsteered.output()).toMatch(/memory\s+no soft limit/);
  });

  it("says whether glibc's mmap threshold is fixed, and how to fix it when not", () => {
    if (runningGlibcVersion() === undefined) {
      // Not glibc: the setting means nothing, and nothing is said.
      expect(steered.output()).not.toMatch(/malloc/);
      return;
    }
    expect(steered.output()).toMatch(/malloc\s+glibc [\d.]+, mmap threshold set by GLIBC_TUNABLES/);
    expect(unsteered.output()).toMatch(/malloc\s+glibc [\d.]+ defaults; GLIBC_TUNABLES=glibc\.malloc\.mmap_threshold=131072 takes ~20–60 MiB off peak memory under load/);
  });

  it("awaits DuckDB's statements on two libuv pool threads unless UV_THREADPOOL_SIZE says otherwise", () => {
    expect(steered.output()).toMatch(/statements awaited on 2 libuv pool thread\(s\)/);
    expect(unsteered.output()).toMatch(/statements awaited on 3 libuv pool thread\(s\)/);
    // libuv took the size (it reads it once, when the pool starts): the two differ by one thread.
    const [two, three] = [threadCount(steered), threadCount(unsteered)];
    if (two !== undefined && three !== undefined) expect(three - two).toBe(1);
  });

  it('reports the limit and the level in /metrics, and keeps ingesting', async () => {
    const text = await metrics(steered);
    expect(text).toContain(`tokentally_memory_soft_limit_bytes ${64 * 2 ** 20}`);
    expect(text).toContain('tokentally_heap_steering{level="tight"} 1');
    expect(text).toContain('tokentally_heap_steering{level="relaxed"} 0');
    expect(text).toMatch(/tokentally_heap_steering_changes_total [1-9]/);
    expect((await postOtlp(steered.otlpHttpUrl, protobufBody(readableSpans(chatSpecs(50, T0))))).status).toBe(200);
    expect(await metrics(steered)).toContain('tokentally_spans_accepted_total{protocol="http"} 50');

    const off = await metrics(unsteered);
    expect(off).toContain('tokentally_memory_soft_limit_bytes 0');
    expect(off).toContain('tokentally_heap_steering{level="relaxed"} 1');
  });
});
