import { env } from 'cloudflare:workers';
import { importJWK, SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { InvalidTokenError, signGuestToken, verifyBearerToken } from '../../src/auth/tokens';
import { tokenFor } from '../helpers/tokens';

const hsAuth = { hsSecret: env.AUTH_SECRET };

async function idpToken(
  claims: Record<string, unknown>,
  options: { issuer?: string; audience?: string; expiresIn?: number } = {},
) {
  const key = await importJWK(JSON.parse(inject('jwksPrivateKey')), 'RS256');
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: 'test-idp-1' })
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresIn ?? 600));
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(key);
}

describe('bearer token verification', () => {
  const jwksAuth = { jwksUrl: inject('jwksUrl'), issuer: 'https://idp.test/', audience: 'aisle-api' };

  it('accepts an identity provider token verified against its JWKS, with issuer and audience', async () => {
    const token = await idpToken(
      { sub: 'cus_jwks', role: 'customer', grp: 'vip' },
      { issuer: jwksAuth.issuer, audience: jwksAuth.audience },
    );
    await expect(verifyBearerToken(token, jwksAuth, env.SIGNING_SECRET)).resolves.toEqual({
      kind: 'user',
      sub: 'cus_jwks',
      role: 'customer',
      group: 'vip',
      locationId: null,
    });
  });

  it('rejects a JWKS token with the wrong issuer or audience', async () => {
    const wrongIssuer = await idpToken(
      { sub: 'x', role: 'ops' },
      { issuer: 'https://evil.test/', audience: jwksAuth.audience },
    );
    const wrongAudience = await idpToken({ sub: 'x', role: 'ops' }, { issuer: jwksAuth.issuer, audience: 'other-api' });
    await expect(verifyBearerToken(wrongIssuer, jwksAuth, env.SIGNING_SECRET)).rejects.toThrow(/iss/);
    await expect(verifyBearerToken(wrongAudience, jwksAuth, env.SIGNING_SECRET)).rejects.toThrow(/aud/);
  });

  it('refuses HS256 tokens when a JWKS is configured (algorithm allow-list)', async () => {
    const hsToken = await tokenFor({ role: 'ops', sub: 'ops_1' });
    await expect(verifyBearerToken(hsToken, jwksAuth, env.SIGNING_SECRET)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('refuses unsigned (alg "none") tokens', async () => {
    const unsigned = new UnsecuredJWT({ role: 'ops' }).setSubject('ops_1').setExpirationTime('1h').encode();
    await expect(verifyBearerToken(unsigned, hsAuth, env.SIGNING_SECRET)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('requires an expiry and a known role', async () => {
    const noExpiry = await new SignJWT({ role: 'ops' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('ops_1')
      .sign(new TextEncoder().encode(env.AUTH_SECRET));
    await expect(verifyBearerToken(noExpiry, hsAuth, env.SIGNING_SECRET)).rejects.toThrow(/exp/);
    const unknownRole = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(env.AUTH_SECRET));
    await expect(verifyBearerToken(unknownRole, hsAuth, env.SIGNING_SECRET)).rejects.toThrow(/role/);
  });

  it('requires a pos token to name its location', async () => {
    const token = await tokenFor({ role: 'pos', sub: 'till_1' });
    await expect(verifyBearerToken(token, hsAuth, env.SIGNING_SECRET)).rejects.toThrow(/loc/);
  });

  it('round-trips a guest cart token and refuses one signed with another key', async () => {
    const token = await signGuestToken('guest_abc', env.SIGNING_SECRET);
    await expect(verifyBearerToken(token, hsAuth, env.SIGNING_SECRET)).resolves.toEqual({
      kind: 'guest',
      cartId: 'guest_abc',
    });
    const forged = await signGuestToken('guest_abc', 'some-other-signing-secret');
    await expect(verifyBearerToken(forged, hsAuth, env.SIGNING_SECRET)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('remembers a verified token only until its exp, and only under the configuration that verified it', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ role: 'ops' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('ops_short')
      .setExpirationTime(now + 2)
      .sign(new TextEncoder().encode(env.AUTH_SECRET));
    const ops = { kind: 'user', sub: 'ops_short', role: 'ops', group: null, locationId: null };
    await expect(verifyBearerToken(token, hsAuth, env.SIGNING_SECRET)).resolves.toEqual(ops);
    await expect(verifyBearerToken(token, hsAuth, env.SIGNING_SECRET)).resolves.toEqual(ops);
    // Verified under the shared secret: another configuration checks it anew.
    await expect(verifyBearerToken(token, { hsSecret: 'another-secret' }, env.SIGNING_SECRET)).rejects.toBeInstanceOf(
      InvalidTokenError,
    );
    await expect(verifyBearerToken(token, { ...hsAuth, audience: 'aisle-api' }, env.SIGNING_SECRET)).rejects.toThrow(
      /aud/,
    );
    await new Promise((resolve) => setTimeout(resolve, (now + 2) * 1000 - Date.now() + 50));
    await expect(verifyBearerToken(token, hsAuth, env.SIGNING_SECRET)).rejects.toThrow(/exp/);
  });

  it('never accepts a guest token as a user token signed with the IdP secret', async () => {
    // A guest token signed with AUTH_SECRET must not pass as a user: the typ header routes it to the guest key.
    const crossSigned = await signGuestToken('guest_abc', env.AUTH_SECRET);
    await expect(verifyBearerToken(crossSigned, hsAuth, env.SIGNING_SECRET)).rejects.toBeInstanceOf(InvalidTokenError);
  });
});
