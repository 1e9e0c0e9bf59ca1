import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { projectRoot } from '../util/paths.js';

export interface ServerProcess {
  child: ChildProcess;
  otlpHttpUrl: string;
  otlpGrpcAddress: string;
  apiUrl: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** A config document for a throw-away server: ephemeral loopback ports, a database in `dir`. */
export function ephemeralConfig(dir: string): Record<string, unknown> {
  return {
    receivers: { otlp: { protocols: { grpc: { endpoint: '127.0.0.1:0' }, http: { endpoint: '127.0.0.1:0' } } } },
    exporters: { duckdb: { path: join(dir, 'tokentally.duckdb') } },
    api: { endpoint: '127.0.0.1:0' },
  };
}

/**
 * Runs the built `tokentally serve` as a child process with the config `doc` (written to `dir`)
 * and `env` on top of this process's environment, and resolves once its start-up banner names
 * the ports it bound.
 */
export async function spawnServer(dir: string, doc: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const configPath = join(dir, 'otel-config.yaml');
  writeFileSync(configPath, stringify(doc));
  const cli = join(projectRoot(), 'dist', 'src', 'cli', 'bin.cjs');
  const child = spawn(process.execPath, [cli, 'serve', '--config', configPath], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  while (!/API\s+http:\/\/\S+\/v1/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`tokentally serve did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    child,
    otlpHttpUrl: /OTLP\/HTTP\s+(http:\/\/\S+\/v1\/traces)/.exec(output)![1]!,
    otlpGrpcAddress: /OTLP\/gRPC\s+(\S+)/.exec(output)![1]!,
    apiUrl: /API\s+(http:\/\/[^/\s]+)\/v1/.exec(output)![1]!,
    output: () => output,
    exited,
  };
}

/**
 * CPU time a process has used so far, all its threads, user and system, in seconds (Linux /proc;
 * undefined elsewhere). /proc counts in clock ticks, which are 1/100 s on Linux (USER_HZ).
 */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** Peak resident set size of a process, in MiB (Linux /proc). */
export function peakRssMiB(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}
