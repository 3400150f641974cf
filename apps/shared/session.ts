/**
 * Who the app acts for: a bearer token and what it says (role, subject, store). Where it comes from, in order:
 * 1. the production hook `window.aisleToken`, a function the host page defines (after its IdP sign-in) that
 *    returns the user's access token (docs/apps.md);
 * 2. a token this browser got from the dev sign-in (`POST /v1/dev/tokens`), kept in localStorage per app.
 * Without either, the app shows <DevSignIn>.
 */
import type { Schemas } from './api';

export type Role = Schemas['DevTokenRequest']['role'];
export type AppName = 'shop' | 'till' | 'ops';

export interface Session {
  token: string;
  role: Role;
  sub: string;
  /** A till's store (`loc`). */
  loc?: string;
  /** Seconds since the epoch. */
  exp: number;
  /** Where the token came from: the production hook, or the dev sign-in (which can sign out). */
  source: 'hook' | 'dev';
}

declare global {
  interface Window {
    /** Production: returns the IdP's access token for the signed-in user, or null when nobody is. */
    aisleToken?: () => string | null | Promise<string | null>;
  }
}

const storageKey = (app: AppName) => `aisle.${app}.token`;

/** The claims of a JWT, read (not verified: the API verifies) so the app can say who is signed in. */
export function sessionOf(token: string, source: Session['source']): Session | null {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as { role?: Role; sub?: string; loc?: string; exp?: number };
    if (!claims.role || !claims.sub || !claims.exp) return null;
    if (claims.exp * 1000 <= Date.now()) return null;
    return { token, role: claims.role, sub: claims.sub, loc: claims.loc, exp: claims.exp, source };
  } catch {
    return null;
  }
}

export async function restoreSession(app: AppName): Promise<Session | null> {
  if (typeof window.aisleToken === 'function') {
    const token = await window.aisleToken();
    return token ? sessionOf(token, 'hook') : null;
  }
  const stored = localStorage.getItem(storageKey(app));
  const session = stored ? sessionOf(stored, 'dev') : null;
  if (stored && !session) localStorage.removeItem(storageKey(app));
  return session;
}

export function keepDevSession(app: AppName, token: string): Session | null {
  const session = sessionOf(token, 'dev');
  if (session) localStorage.setItem(storageKey(app), token);
  return session;
}

export function forgetDevSession(app: AppName): void {
  localStorage.removeItem(storageKey(app));
}
