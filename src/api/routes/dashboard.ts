import { join } from 'node:path';
import express, { type Response } from 'express';
import { projectRoot } from '../../util/paths.js';

/**
 * The dashboard's static files live in the source tree (plain browser JavaScript, no build
 * step), found from the package root so the same path works from src/ and dist/.
 */
export function dashboardDir(): string {
  return join(projectRoot(), 'src', 'dashboard', 'static');
}

/**
 * Everything from this origin and nothing else: the dashboard draws its charts as inline SVG
 * and needs no CDN, and names from spans (agents, models) are never treated as markup.
 */
const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function securityHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  // Small files that change with each release: always revalidate (cheap 304s via ETag).
  res.setHeader('Cache-Control', 'no-cache');
}

/**
 * GET / and /dashboard: the single-page dashboard; /dashboard/*: its scripts and styles. No auth:
 * the files hold no data; the page asks the API (with the key the user enters) for everything.
 */
export function createDashboardRouter(): express.Router {
  const dir = dashboardDir();
  const router = express.Router();
  router.get(['/', '/dashboard'], (_req, res) => {
    securityHeaders(res);
    res.sendFile('index.html', { root: dir });
  });
  router.use('/dashboard', express.static(dir, { index: false, redirect: false, setHeaders: securityHeaders }));
  return router;
}
