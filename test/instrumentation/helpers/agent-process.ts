import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface AgentRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** From the agent's last output to its exit: what telemetry adds after the agent's work. */
  exitDelayMs: number;
}

export interface AgentOptions {
  /** Path of the agent script, relative to the repository root. */
  script: string;
  args?: string[];
  env?: Record<string, string>;
  nodeOptions?: string[];
  timeoutMs?: number;
  /** Sends this signal to the agent once it has printed `ready`. */
  signalWhenReady?: NodeJS.Signals;
}

/**
 * Runs an agent the way a user would: `node --import tokentally/register <script>`, from the
 * repository root so that `tokentally/…` resolves to this package's build. Killed after
 * `timeoutMs`. Only the variables given (plus PATH) reach it, so the developer's own OTEL_* or
 * API keys never leak into a test.
 */
export function runAgent(options: AgentOptions): Promise<AgentRun> {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [...(options.nodeOptions ?? []), '--import', 'tokentally/register', options.script, ...(options.args ?? [])],
    { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  let lastOutputAt = started;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    lastOutputAt = Date.now();
    if (options.signalWhenReady && stdout.includes('ready')) child.kill(options.signalWhenReady);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const ended = Date.now();
      resolve({ code, signal, stdout, stderr, durationMs: ended - started, exitDelayMs: ended - lastOutputAt });
    });
  });
}

/** A port on which nothing listens: a collector that is down. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
