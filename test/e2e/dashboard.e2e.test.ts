import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { usd } from '../../src/dashboard/static/format.js';
import { runDemo, type DemoResult } from '../../src/demo/run-demo.js';
import { addDays } from '../../src/util/time.js';
import { projectRoot } from '../../src/util/paths.js';
import { startTestServer, type TestServer } from '../support/server.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const KEY = 'tt-dashboard-e2e-0123456789abcdef';

/** A real browser, or a failure that says how to get one: CI installs Debian's chromium. */
function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`the dashboard test drives a real browser and found none at ${CHROMIUM}: install it (apt-get install -y chromium, as .ci/run does) or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

interface RunSummary {
  run_id: string;
}
interface RunDetail {
  agents: { agent: string }[];
  timeline: { kind: string; response_id?: string | null }[];
}

describe('dashboard in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let demo: DemoResult;
  const pageErrors: string[] = [];

  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(server.apiUrl + path, { headers: { authorization: `Bearer ${KEY}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    browser = await launchChromium();
    server = await startTestServer({ config: { auth: { api_keys: [{ key: KEY, scopes: ['ingest', 'read', 'admin'] }] } } });
    demo = await runDemo({ seed: 3, days: 30, runsPerDay: 2, nowMs: Date.now(), endpoint: server.otlpHttpUrl, apiUrl: server.apiUrl, apiKey: KEY });
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('asks for an API key when the server answers 401', async () => {
    await page.goto(`${server.apiUrl}/`);
    await page.waitForSelector('body[data-state="auth"]');
    expect(await page.isVisible('#auth')).toBe(true);
    expect(await page.textContent('#auth-message')).toBe('Enter an API key to see this server’s data.');

    await page.fill('#auth-key', 'tt-wrong-key-0123456789');
    await page.click('#auth-form button[type="submit"]');
    await page.waitForFunction(() => document.getElementById('auth-message')?.textContent?.startsWith('The stored key was refused'));
    expect(await page.isVisible('#auth')).toBe(true);
  });

  it('shows today’s and this month’s spend as the API reports them', async () => {
    await page.fill('#auth-key', KEY);
    await page.click('#auth-form button[type="submit"]');
    await page.waitForSelector('body[data-state="ready"]');
    expect(await page.isVisible('#auth')).toBe(false);
    const [today, month] = await Promise.all([api<{ total_cost: number }>('/v1/usage?period=today'), api<{ total_cost: number }>('/v1/usage?period=month')]);
    expect(month.total_cost).toBeGreaterThan(0);
    expect(await page.textContent('#spend-today .kpi-value')).toBe(usd(today.total_cost));
    expect(await page.textContent('#spend-month .kpi-value')).toBe(usd(month.total_cost));
  });

  it('draws one stacked bar per day of the last 30, with a legend per provider', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const days = await page.$$eval('#chart svg g.day', (columns) => columns.map((c) => c.getAttribute('data-date')));
    expect(days).toEqual(Array.from({ length: 30 }, (_, i) => addDays(today, i - 29)));
    expect(await page.locator('#chart svg g.day rect.segment').count()).toBeGreaterThan(30);
    const legend = await page.textContent('#chart .legend');
    for (const provider of ['anthropic', 'google', 'openai', 'mistral', 'acme-internal']) expect(legend).toContain(provider);
    expect(legend).toContain('no price');
  });

  it('lists the newest runs by id', async () => {
    const runs = await api<{ data: RunSummary[] }>('/v1/runs?limit=12');
    const shown = await page.$$eval('#runs tr[data-run-id]', (rows) => rows.map((r) => (r as HTMLElement).dataset.runId));
    expect(shown).toEqual(runs.data.map((r) => r.run_id));
  });

  it('opens a clicked run with its agents', async () => {
    const runId = (await page.getAttribute('#runs tr[data-run-id]', 'data-run-id'))!;
    await page.click(`#runs tr[data-run-id="${runId}"]`);
    await page.waitForSelector('#run-detail-panel');
    const detail = await api<RunDetail>(`/v1/runs/${runId}`);
    expect(await page.textContent('#run-detail-panel h3')).toContain(runId);
    const agents = await page.$$eval('#run-detail-panel tr[data-agent]', (rows) => rows.map((r) => (r as HTMLElement).dataset.agent));
    expect(agents).toEqual(detail.agents.map((a) => a.agent));
  });

  it('deep-links to a pipeline run: every agent’s share and a timeline bar per step', async () => {
    const runs = await api<{ data: RunSummary[] }>('/v1/runs?limit=500&sort=cost');
    const report = runs.data.find((r) => r.run_id.startsWith('rpt-'))!;
    const detail = await api<RunDetail>(`/v1/runs/${report.run_id}`);
    const linked = await context.newPage();
    await linked.goto(`${server.apiUrl}/#run=${encodeURIComponent(report.run_id)}`);
    await linked.waitForSelector('#run-detail-panel .timeline');
    const agents = await linked.$$eval('#run-detail-panel tr[data-agent]', (rows) => rows.map((r) => (r as HTMLElement).dataset.agent));
    expect(new Set(agents)).toEqual(new Set(['planner', 'researcher', 'writer', 'critic']));
    expect(await linked.locator('#run-detail-panel .share-bar .share').count()).toBe(4);
    expect(await linked.locator('#run-detail-panel rect.step').count()).toBe(detail.timeline.filter((t) => t.kind !== 'agent_invocation').length);
    // Hovering a model call names the provider's id of its response.
    const titles = await linked.$$eval('#run-detail-panel rect.step title', (nodes) => nodes.map((n) => n.textContent ?? ''));
    const responseIds = detail.timeline.flatMap((t) => (t.kind === 'model_call' && t.response_id ? [t.response_id] : []));
    expect(responseIds.length).toBeGreaterThan(0);
    for (const id of responseIds) expect(titles.some((t) => t.endsWith(` · ${id}`))).toBe(true);
    await linked.close();
  });

  it('lists the model nothing prices, and budgets when the server has them', async () => {
    expect(await page.textContent('#unpriced')).toContain('acme-support-intent-7b');
    const budgetsWired = demo.budgets.every((b) => b.status === 'done');
    if (budgetsWired) {
      const names = await page.$$eval('#budgets li[data-budget]', (rows) => rows.map((r) => (r as HTMLElement).dataset.budget));
      expect(new Set(names)).toEqual(new Set(['org-monthly', 'researcher-daily', 'writer-weekly']));
    } else {
      expect(await page.textContent('#budgets')).toContain('Budgets are not enabled on this server');
    }
  });

  it('tells a newcomer how to get data when there is none', async () => {
    const empty = await startTestServer();
    const fresh = await browser.newPage();
    try {
      await fresh.goto(`${empty.apiUrl}/`);
      await fresh.waitForSelector('body[data-state="ready"]');
      expect(await fresh.isVisible('#onboarding')).toBe(true);
      expect(await fresh.textContent('#onboarding')).toContain('tokentally demo');
      expect(await fresh.textContent('#chart')).toContain('No spend in the last 30 days');
      expect(await fresh.textContent('#runs')).toContain('No runs yet');
    } finally {
      await fresh.close();
      await empty.stop();
    }
  });

  it('renders without script errors (screenshot in scratch/)', async () => {
    const dir = join(projectRoot(), 'scratch');
    mkdirSync(dir, { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(dir, 'dashboard-e2e.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
