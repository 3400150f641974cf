import { SignJWT } from 'jose';
import type { Role } from '../domain/roles';

export interface DevTokenClaims {
  role: Role;
  sub: string;
  loc?: string;
  grp?: string;
  /** Seconds from now; negative gives an expired token. */
  expiresIn?: number;
}

/** How long a dev token lasts unless asked otherwise: a working day. */
export const DEV_TOKEN_SECONDS = 8 * 3600;

/**
 * A token shaped like the identity provider's, signed HS256 with AUTH_SECRET: what `npm run token`, the
 * tests and the browser apps' dev sign-in (`POST /v1/dev/tokens`) use. Never used where tokens come from
 * the IdP (JWKS).
 */
export function signDevToken(claims: DevTokenClaims, secret: string): Promise<string> {
  const { role, sub, loc, grp, expiresIn = DEV_TOKEN_SECONDS } = claims;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ role, ...(loc ? { loc } : {}), ...(grp ? { grp } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt(now)
    .setExpirationTime(now + expiresIn)
    .sign(new TextEncoder().encode(secret));
}
