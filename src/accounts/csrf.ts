/**
 * Cross-site request forgery guard for cookie-authenticated requests. SameSite=Strict already
 * keeps other sites' requests from carrying the cookie; this also stops sibling subdomains and
 * old browsers. A request that changes state (POST, PUT, PATCH, DELETE) must either carry an
 * `Origin` whose host is the server's own, or, when a client sends no Origin, the header
 * `X-Learnloop-Dashboard: 1` (a custom header a form or a cross-site fetch without CORS cannot set).
 *
 * @example
 *   app.addHook('preHandler', async (request) => checkDashboardOrigin(request));
 */
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../server/errors.js';

export const dashboardHeader = 'x-learnloop-dashboard';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Why a cookie-authenticated request looks forged, or null when it may proceed. */
export function forgeryReason(request: FastifyRequest): string | null {
  if (safeMethods.has(request.method)) return null;
  const origin = request.headers.origin;
  if (origin !== undefined) {
    let host: string | null = null;
    try {
      host = new URL(origin).host;
    } catch {
      // "null" (sandboxed frames, some redirects) or garbage: not the dashboard's origin.
    }
    // request.host honours X-Forwarded-Host only when the server trusts its proxy.
    if (host && host === request.host) return null;
    return `the Origin ${JSON.stringify(origin)} is not this server (${request.host}): a signed-in dashboard request that changes data must come from the dashboard's own pages`;
  }
  if (request.headers[dashboardHeader] === '1') return null;
  return `a signed-in dashboard request that changes data must send its Origin or the header "X-Learnloop-Dashboard: 1"`;
}

/** Throws 403 `cross_site_request` when `forgeryReason` finds one. */
export function checkDashboardOrigin(request: FastifyRequest): void {
  const reason = forgeryReason(request);
  if (reason) throw new ApiError(403, 'cross_site_request', reason);
}
