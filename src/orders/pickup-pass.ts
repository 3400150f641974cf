import { exportJWK, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';

const PASS_TYPE = 'aisle-pickup-pass+jwt';
const PASS_LIFETIME = '30d';
const KEY_ID = 'pickup-pass-1';
// PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410): a fixed prefix, then the 32 seed bytes.
const ED25519_PKCS8_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);

export interface PickupPassClaims {
  orderId: string;
  orderNumber: string;
  locationId: string;
  pickupCode: string;
}

interface PassKeys {
  privateKey: CryptoKey;
  publicJwk: JWK;
}

const keysBySecret = new Map<string, Promise<PassKeys>>();

/**
 * An Ed25519 key pair derived from SIGNING_SECRET, so every isolate signs
 * with the same key and no extra secret has to be provisioned; tills verify
 * passes offline with the public half (GET /v1/pickup-passes/jwks.json).
 */
function passKeys(signingSecret: string): Promise<PassKeys> {
  let keys = keysBySecret.get(signingSecret);
  if (!keys) {
    keys = derivePassKeys(signingSecret);
    keysBySecret.set(signingSecret, keys);
  }
  return keys;
}

async function derivePassKeys(signingSecret: string): Promise<PassKeys> {
  const hmacKey = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(signingSecret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const seed = new Uint8Array(
    await crypto.subtle.sign('HMAC', hmacKey, new TextEncoder().encode('aisle-pickup-pass-v1')),
  );
  const pkcs8 = new Uint8Array(ED25519_PKCS8_PREFIX.length + seed.length);
  pkcs8.set(ED25519_PKCS8_PREFIX);
  pkcs8.set(seed, ED25519_PKCS8_PREFIX.length);
  const privateKey = (await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, true, ['sign'])) as CryptoKey;
  const { kty, crv, x } = await exportJWK(privateKey);
  return { privateKey, publicJwk: { kty, crv, x, kid: KEY_ID, alg: 'EdDSA', use: 'sig' } };
}

export async function signPickupPass(claims: PickupPassClaims, signingSecret: string): Promise<string> {
  const { privateKey } = await passKeys(signingSecret);
  return new SignJWT({ ord: claims.orderNumber, loc: claims.locationId, code: claims.pickupCode })
    .setProtectedHeader({ alg: 'EdDSA', typ: PASS_TYPE, kid: KEY_ID })
    .setSubject(claims.orderId)
    .setIssuedAt()
    .setExpirationTime(PASS_LIFETIME)
    .sign(privateKey);
}

export async function pickupPassJwks(signingSecret: string): Promise<{ keys: JWK[] }> {
  return { keys: [(await passKeys(signingSecret)).publicJwk] };
}

/** What a till does offline: check the signature against the published key and read the claims. */
export async function verifyPickupPass(pass: string, publicJwk: JWK): Promise<PickupPassClaims> {
  const key = await importJWK(publicJwk, 'EdDSA');
  const { payload } = await jwtVerify(pass, key, { typ: PASS_TYPE, algorithms: ['EdDSA'] });
  return {
    orderId: String(payload.sub),
    orderNumber: String(payload.ord),
    locationId: String(payload.loc),
    pickupCode: String(payload.code),
  };
}
