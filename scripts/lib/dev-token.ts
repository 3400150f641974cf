import { SignJWT } from 'jose';
import type { Role } from '../../src/domain/roles';

/** The secret `npm run dev` verifies HS256 tokens with. Never used in production. */
export const DEV_AUTH_SECRET = 'aisle-dev-secret';

export interface DevTokenClaims {
  role: Role;
  sub: string;
  loc?: string;
  grp?: string;
  /** Seconds from now; negative gives an expired token. */
  expiresIn?: number;
}

/** A token shaped like the identity provider's, signed HS256 (local development and tests). */
export function signDevToken(claims: DevTokenClaims, secret: string = DEV_AUTH_SECRET): Promise<string> {
  const { role, sub, loc, grp, expiresIn = 8 * 3600 } = claims;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ role, ...(loc ? { loc } : {}), ...(grp ? { grp } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt(now)
    .setExpirationTime(now + expiresIn)
    .sign(new TextEncoder().encode(secret));
}
