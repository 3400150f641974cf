import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { z } from 'zod';
import type { AuthConfig } from '../config';
import { hmacKey } from '../lib/hmac-key';
import type { Principal } from './principal';
import { ROLES } from './principal';

const GUEST_TOKEN_TYPE = 'aisle-guest+jwt';
const GUEST_ISSUER = 'aisle';
const GUEST_AUDIENCE = 'aisle:guest';
const GUEST_TOKEN_LIFETIME = '30d';
// Asymmetric algorithms an identity provider may use; HS256 only with a shared secret.
const JWKS_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];
const SECRET_ALGORITHMS = ['HS256'];

export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}

const UserClaims = z.object({
  sub: z.string().min(1).max(200),
  role: z.enum(ROLES),
  grp: z.string().min(1).max(64).optional(),
  loc: z.string().min(1).max(64).optional(),
});

const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function keySetFor(url: string): ReturnType<typeof createRemoteJWKSet> {
  let keySet = keySets.get(url);
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(url));
    keySets.set(url, keySet);
  }
  return keySet;
}

interface Verified {
  principal: Principal;
  /** The token's `exp`, in ms. */
  expiresAt: number;
}

// Verifying a JWT (decoding, JSON, an HMAC or a signature) is a fixed cost of every request, and an
// app sends the same token for its whole life: a token verified once is trusted in this isolate until
// its `exp`. The key holds the token and all the configuration its verification depended on; only
// successes are kept, so a bad token is checked (and refused) every time.
const VERIFIED_LIMIT = 2_000;
const verified = new Map<string, Verified>();

/** Verifies a bearer token (an IdP access token or an Aisle guest cart token). */
export async function verifyBearerToken(token: string, auth: AuthConfig, signingSecret: string): Promise<Principal> {
  const key = [token, auth.jwksUrl, auth.hsSecret, auth.issuer, auth.audience, signingSecret].join('\n');
  const known = verified.get(key);
  if (known) {
    if (Date.now() < known.expiresAt) return known.principal;
    verified.delete(key);
  }
  let type: string | undefined;
  try {
    type = decodeProtectedHeader(token).typ;
  } catch {
    throw new InvalidTokenError('the token is not a JWT');
  }
  const fresh =
    type === GUEST_TOKEN_TYPE ? await verifyGuestToken(token, signingSecret) : await verifyUserToken(token, auth);
  // Frozen: every request holding this token shares the one principal.
  verified.set(key, { ...fresh, principal: Object.freeze(fresh.principal) });
  // A Map iterates in insertion order: the first key is the oldest remembered.
  if (verified.size > VERIFIED_LIMIT) verified.delete(verified.keys().next().value ?? key);
  return fresh.principal;
}

/** When a verified token stops being valid: jose requires `exp` of both kinds of token. */
const expiryOf = (payload: JWTPayload) => (payload.exp ?? 0) * 1000;

async function verifyUserToken(token: string, auth: AuthConfig): Promise<Verified> {
  const options = { issuer: auth.issuer, audience: auth.audience, requiredClaims: ['exp', 'sub'] };
  const payload = await verifyOrThrow(async () => {
    if (auth.jwksUrl) {
      return (await jwtVerify(token, keySetFor(auth.jwksUrl), { ...options, algorithms: JWKS_ALGORITHMS })).payload;
    }
    if (auth.hsSecret) {
      return (await jwtVerify(token, await hmacKey(auth.hsSecret), { ...options, algorithms: SECRET_ALGORITHMS }))
        .payload;
    }
    throw new InvalidTokenError('no verification key is configured');
  });
  const claims = UserClaims.safeParse(payload);
  if (!claims.success) throw new InvalidTokenError('the token lacks valid sub/role claims');
  const { sub, role, grp, loc } = claims.data;
  if (role === 'pos' && !loc) throw new InvalidTokenError('a pos token must name its location (loc)');
  return {
    principal: { kind: 'user', sub, role, group: grp ?? null, locationId: loc ?? null },
    expiresAt: expiryOf(payload),
  };
}

async function verifyGuestToken(token: string, signingSecret: string): Promise<Verified> {
  const payload = await verifyOrThrow(async () => {
    const result = await jwtVerify(token, await hmacKey(signingSecret), {
      algorithms: SECRET_ALGORITHMS,
      issuer: GUEST_ISSUER,
      audience: GUEST_AUDIENCE,
      typ: GUEST_TOKEN_TYPE,
      requiredClaims: ['exp', 'sub'],
    });
    return result.payload;
  });
  const cartId = payload.sub;
  if (!cartId) throw new InvalidTokenError('the guest token names no cart');
  return { principal: { kind: 'guest', cartId }, expiresAt: expiryOf(payload) };
}

async function verifyOrThrow(verify: () => Promise<JWTPayload>): Promise<JWTPayload> {
  try {
    return await verify();
  } catch (error) {
    if (error instanceof InvalidTokenError) throw error;
    throw new InvalidTokenError(error instanceof Error ? error.message : 'the token could not be verified');
  }
}

/** A bearer token for a guest cart, signed by Aisle itself. */
export async function signGuestToken(cartId: string, signingSecret: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: GUEST_TOKEN_TYPE })
    .setSubject(cartId)
    .setIssuer(GUEST_ISSUER)
    .setAudience(GUEST_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(GUEST_TOKEN_LIFETIME)
    .sign(await hmacKey(signingSecret));
}
