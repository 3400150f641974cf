const keys = new Map<string, Promise<CryptoKey>>();

/**
 * The HS256 key for a secret, imported once per isolate: tokens are verified
 * or signed on most requests, and importing the key each time cost more than
 * the signature itself.
 */
export function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    keys.set(secret, key);
  }
  return key;
}
