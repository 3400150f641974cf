import { signDevToken as sign, type DevTokenClaims } from '../../src/auth/dev-token';

export type { DevTokenClaims } from '../../src/auth/dev-token';

/** The secret `npm run dev` verifies HS256 tokens with. Never used in production. */
export const DEV_AUTH_SECRET = 'aisle-dev-secret';

/** A token shaped like the identity provider's, signed HS256 (local development and tests). */
export function signDevToken(claims: DevTokenClaims, secret: string = DEV_AUTH_SECRET): Promise<string> {
  return sign(claims, secret);
}
