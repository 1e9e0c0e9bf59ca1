import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import type { Server } from 'node:http';
import { createDashboardRouter } from '../../src/api/routes/dashboard.js';
import { closeServer, listen } from '../../src/util/net.js';

describe('dashboard router', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const app = express();
    app.use(createDashboardRouter());
    app.use((_req, res) => void res.status(404).json({ error: { code: 'not_found', message: 'no such endpoint' } }));
    const bound = await listen(app, { host: '127.0.0.1', port: 0 });
    server = bound.server;
    base = `http://127.0.0.1:${bound.port}`;
  });
  afterAll(() => closeServer(server));

  it.each(['/', '/dashboard', '/dashboard/'])('GET %s is the page, locked to this origin', async (path) => {
    const res = await fetch(base + path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('<script type="module" src="/dashboard/app.js">');
  });

  it.each([
    ['/dashboard/app.js', /javascript/],
    ['/dashboard/sections/runs.js', /javascript/],
    ['/dashboard/styles.css', /text\/css/],
  ])('serves %s', async (path, type) => {
    const res = await fetch(base + path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(type);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves nothing outside its folder', async () => {
    for (const path of ['/dashboard/nope.js', '/dashboard/../package.json', '/dashboard/%2e%2e/package.json']) {
      expect((await fetch(base + path)).status).toBe(404);
    }
  });
});
