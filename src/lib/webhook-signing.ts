// Standard Webhooks (https://www.standardwebhooks.com): signing secrets and signatures.

const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;
const encoder = new TextEncoder();

const toBase64 = (bytes: ArrayBuffer | Uint8Array) => btoa(String.fromCharCode(...new Uint8Array(bytes)));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (char) => char.charCodeAt(0));

/** A new endpoint's signing secret: `whsec_` + base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + toBase64(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)));
}

/** `v1,<base64 HMAC-SHA256>` of `{id}.{timestamp}.{body}`, keyed with the secret's decoded bytes. */
export async function webhookSignature(secret: string, id: string, timestamp: number, body: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    fromBase64(secret.slice(SECRET_PREFIX.length)),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(`${id}.${timestamp}.${body}`));
  return `v1,${toBase64(mac)}`;
}

// The key that encrypts secrets at rest is derived from SIGNING_SECRET (HKDF, its own `info`), so it never
// signs anything else and a database dump without the Worker's secret cannot forge a webhook signature.
const SECRET_KEY_INFO = encoder.encode('aisle/webhook-secrets/v1');
const SEALED_VERSION = 'v1';

async function sealingKey(signingSecret: string): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', encoder.encode(signingSecret), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: SECRET_KEY_INFO },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** The secret as stored: `v1.<iv>.<AES-GCM ciphertext>`, both base64. */
export async function sealWebhookSecret(signingSecret: string, secret: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv },
    await sealingKey(signingSecret),
    encoder.encode(secret),
  );
  return [SEALED_VERSION, toBase64(iv), toBase64(sealed)].join('.');
}

/** The secret back from its stored form; throws if it was sealed under another key or tampered with. */
export async function openWebhookSecret(signingSecret: string, stored: string): Promise<string> {
  const [version, iv, sealed] = stored.split('.');
  if (version !== SEALED_VERSION || !iv || !sealed) throw new Error('not a sealed webhook secret');
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: fromBase64(iv) },
    await sealingKey(signingSecret),
    fromBase64(sealed),
  );
  return new TextDecoder().decode(plain);
}
