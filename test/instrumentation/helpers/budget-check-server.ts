import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for tokentally's budget check (GET /v1/budgets/check) that answers as the test
 * scripts it and records every check it was asked.
 */

export interface BudgetCheck {
  params: Record<string, string>;
  authorization?: string;
}

export interface ScriptedAnswer {
  status: number;
  body: unknown;
}

export interface BudgetCheckServer {
  /** For TOKENTALLY_URL. */
  url: string;
  readonly checks: BudgetCheck[];
  close(): Promise<void>;
}

export async function startBudgetCheckServer(answer: (check: BudgetCheck, index: number) => ScriptedAnswer): Promise<BudgetCheckServer> {
  const checks: BudgetCheck[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/v1/budgets/check') {
      response.writeHead(404).end();
      return;
    }
    const check: BudgetCheck = { params: Object.fromEntries(url.searchParams), authorization: request.headers.authorization };
    checks.push(check);
    const { status, body } = answer(check, checks.length - 1);
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    checks,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Always allowed, no budget in force, a fresh reservation id per check. */
export function allowEverything(_check: BudgetCheck, index: number): ScriptedAnswer {
  return { status: 200, body: { allowed: true, remaining_usd: null, reservation_id: `res-${index + 1}` } };
}
