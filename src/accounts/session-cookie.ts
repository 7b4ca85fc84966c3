/**
 * The dashboard's session cookie: `learnloop_session`, HttpOnly, SameSite=Strict, Path=/, 14 days,
 * and Secure when the request came over https. Plain http on localhost keeps working because
 * Secure is left out there (Chromium drops Secure cookies set over http).
 *
 * @example
 *   reply.setCookie(sessionCookieName, token, sessionCookieOptions(request));
 *   const token = sessionToken(request); // undefined when the browser sent none
 */
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import { sessionTtlMs } from './session-checker.js';

export const sessionCookieName = 'learnloop_session';

/**
 * `request.protocol` is `https` for a TLS connection, or for `X-Forwarded-Proto: https` when the
 * server trusts its proxy (the `trustProxy` setting); a client cannot fake it otherwise.
 */
export function sessionCookieOptions(request: FastifyRequest): CookieSerializeOptions {
  return {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    maxAge: Math.floor(sessionTtlMs / 1000),
    secure: request.protocol === 'https',
  };
}

/** Options that make the browser drop the cookie. */
export function clearedCookieOptions(request: FastifyRequest): CookieSerializeOptions {
  return { ...sessionCookieOptions(request), maxAge: 0, expires: new Date(0) };
}

export function sessionToken(request: FastifyRequest): string | undefined {
  const token = request.cookies?.[sessionCookieName];
  // 32 random bytes are 43 base64url characters; anything else cannot be a session.
  return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? token : undefined;
}
