/**
 * Dashboard sign-in (a Fastify plugin): POST /v1/session signs in and sets the session cookie,
 * GET /v1/session says who is signed in, DELETE /v1/session signs out, POST /v1/session/password
 * changes the password and signs every other session out. Shapes: docs/API.md.
 *
 * @example
 *   await app.register(sessionRoutes, { store, sessions, projectId: keys.projectId });
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../server/errors.js';
import type { Store } from '../store/store.js';
import { findAccountById, normaliseEmail } from './accounts.store.js';
import { authenticate, setAccountPassword } from './accounts.js';
import { checkDashboardOrigin } from './csrf.js';
import { maxPasswordLength, minPasswordLength, verifyPassword } from './password.js';
import { hashToken, type SessionChecker, type SessionGrant } from './session-checker.js';
import { clearedCookieOptions, sessionCookieName, sessionCookieOptions, sessionToken } from './session-cookie.js';
import { SignInLimiter } from './sign-in-limiter.js';

export interface SessionRoutesOptions {
  store: Store;
  sessions: SessionChecker;
  /** The project whose accounts sign in here (the embedded mode serves one). */
  projectId: string;
  limiter?: SignInLimiter;
}

const SignedInSchema = Type.Object({
  account: Type.Object({ email: Type.String() }),
  projectId: Type.String(),
});
const tags = ['dashboard sign-in'];

const invalidCredentials = () => new ApiError(401, 'invalid_credentials', 'wrong email or password');
const notSignedIn = () => new ApiError(401, 'unauthorized', 'not signed in to the dashboard (POST /v1/session)');

function tooManyAttempts(reply: FastifyReply, waitMs: number): ApiError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  reply.header('retry-after', String(seconds));
  return new ApiError(429, 'too_many_attempts', `too many failed sign-in attempts: try again in ${Math.ceil(seconds / 60)} min`);
}

export const sessionRoutes: FastifyPluginAsyncTypebox<SessionRoutesOptions> = async (app, { store, sessions, projectId, limiter }) => {
  const attempts = limiter ?? new SignInLimiter();

  /** The request's live session, checked against forgery when the method changes state. */
  const current = async (request: FastifyRequest): Promise<{ token: string; grant: SessionGrant } | undefined> => {
    const token = sessionToken(request);
    const grant = token ? await sessions.grant(token) : undefined;
    if (!token || !grant) return undefined;
    checkDashboardOrigin(request);
    return { token, grant };
  };

  app.post('/v1/session', {
    schema: {
      tags, summary: 'Sign in to the dashboard: sets the HttpOnly session cookie',
      body: Type.Object({
        email: Type.String({ minLength: 1, maxLength: 320 }),
        password: Type.String({ minLength: 1, maxLength: maxPasswordLength }),
      }),
      response: { 200: SignedInSchema },
    },
  }, async (request, reply) => {
    // Signing in from another site's page would plant that site's account in this browser.
    if (request.headers.origin !== undefined) checkDashboardOrigin(request);
    const email = normaliseEmail(request.body.email);
    const wait = attempts.retryAfterMs(email, request.ip);
    if (wait > 0) throw tooManyAttempts(reply, wait);
    const account = await authenticate(store.db, projectId, email, request.body.password);
    if (!account) {
      attempts.fail(email, request.ip);
      throw invalidCredentials();
    }
    attempts.succeed(email);
    const { token } = await sessions.open(account.id);
    reply.setCookie(sessionCookieName, token, sessionCookieOptions(request));
    return { account: { email: account.email }, projectId: account.projectId };
  });

  app.get('/v1/session', {
    schema: { tags, summary: 'Who is signed in to the dashboard (401 when nobody)', response: { 200: SignedInSchema } },
  }, async (request) => {
    const session = await current(request);
    if (!session) throw notSignedIn();
    return { account: { email: session.grant.email }, projectId: session.grant.projectId };
  });

  app.delete('/v1/session', {
    schema: { tags, summary: 'Sign out: deletes the session and clears the cookie', response: { 204: Type.Null() } },
  }, async (request, reply) => {
    const session = await current(request);
    if (session) await sessions.close(session.token);
    reply.clearCookie(sessionCookieName, clearedCookieOptions(request));
    reply.status(204);
    return null;
  });

  app.post('/v1/session/password', {
    schema: {
      tags, summary: 'Change the signed-in account\'s password; every other session of the account is signed out',
      body: Type.Object({
        currentPassword: Type.String({ minLength: 1, maxLength: maxPasswordLength }),
        newPassword: Type.String({ minLength: minPasswordLength, maxLength: maxPasswordLength }),
      }),
      response: { 204: Type.Null() },
    },
  }, async (request, reply) => {
    const session = await current(request);
    if (!session) throw notSignedIn();
    const { grant, token } = session;
    const wait = attempts.retryAfterMs(grant.email, request.ip);
    if (wait > 0) throw tooManyAttempts(reply, wait);
    const account = await findAccountById(store.db, grant.accountId);
    if (!account) throw notSignedIn();
    // A borrowed session must not be enough to take the account over: guessing counts as failures.
    if (!(await verifyPassword(request.body.currentPassword, account.passwordHash))) {
      attempts.fail(grant.email, request.ip);
      throw new ApiError(403, 'wrong_password', 'the current password is wrong', 'currentPassword');
    }
    const keep = hashToken(token);
    await setAccountPassword(store.db, account.id, request.body.newPassword, keep);
    sessions.forgetAccount(account.id, keep);
    reply.status(204);
    return null;
  });
};
