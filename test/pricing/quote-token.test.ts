import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { QUOTE_LIFETIME_SECONDS, signQuote, verifyQuote, type QuoteClaims } from '../../src/quotes/quote-token';
import { api } from '../helpers/api';
import { createProducts, priceSkus } from '../helpers/catalog';

const SECRET = 'quote-test-signing-secret';
const claims: QuoteClaims = {
  currency: 'USD',
  channel: 'web',
  group: null,
  lines: [{ sku: 'TEE-1', quantity: 2, unitAmount: 1500, discount: 300 }],
  totals: { subtotal: 3000, discount: 300, total: 2700 },
  promotions: ['promo-1'],
};
const basket = { lines: [{ sku: 'TEE-1', quantity: 2 }], currency: 'USD', channel: 'web' as const, group: null };

describe('quote tokens', () => {
  it('round-trips: a fresh quote for the same basket fixes its prices', async () => {
    const { token, expiresAt } = await signQuote(claims, SECRET);
    await expect(verifyQuote(token, SECRET, basket)).resolves.toEqual({ ok: true, quote: claims, expiresAt });
  });

  it('rejects a tampered quote', async () => {
    const { token } = await signQuote(claims, SECRET);
    const [header, payload, signature] = token.split('.');
    const cheaper = JSON.parse(atob(payload!.replace(/-/g, '+').replace(/_/g, '/')));
    cheaper.quote.lines[0].unitAmount = 1;
    const forgedPayload = btoa(JSON.stringify(cheaper)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    await expect(verifyQuote(`${header}.${forgedPayload}.${signature}`, SECRET, basket)).resolves.toMatchObject({
      ok: false,
      reason: 'invalid',
    });
    await expect(verifyQuote(token, 'another-secret-entirely', basket)).resolves.toMatchObject({
      ok: false,
      reason: 'invalid',
    });
  });

  it('rejects an expired quote', async () => {
    const issued = Date.now() - (QUOTE_LIFETIME_SECONDS + 5) * 1000;
    const { token } = await signQuote(claims, SECRET, issued);
    await expect(verifyQuote(token, SECRET, basket)).resolves.toMatchObject({ ok: false, reason: 'expired' });
  });

  it.each([
    ['a changed quantity', { ...basket, lines: [{ sku: 'TEE-1', quantity: 3 }] }],
    ['an extra line', { ...basket, lines: [...basket.lines, { sku: 'MUG-1', quantity: 1 }] }],
    ['another channel', { ...basket, channel: 'pos' as const }],
    ['another customer group', { ...basket, group: 'staff' }],
    ['another currency', { ...basket, currency: 'EUR' }],
  ])('rejects a quote that does not match the cart: %s', async (_, other) => {
    const { token } = await signQuote(claims, SECRET);
    await expect(verifyQuote(token, SECRET, other)).resolves.toMatchObject({ ok: false, reason: 'mismatch' });
  });

  it('accepts the same basket split into several lines of one SKU', async () => {
    const { token } = await signQuote(claims, SECRET);
    const split = {
      ...basket,
      lines: [
        { sku: 'TEE-1', quantity: 1 },
        { sku: 'TEE-1', quantity: 1 },
      ],
    };
    await expect(verifyQuote(token, SECRET, split)).resolves.toMatchObject({ ok: true });
  });

  it('verifies a token issued by POST /v1/price-quotes with the Worker key', async () => {
    const [sku] = await createProducts(1);
    await priceSkus({ [sku!]: 4200 });
    const res = await api('/v1/price-quotes', {
      method: 'POST',
      headers: { 'x-channel': 'kiosk' },
      body: { lines: [{ sku, quantity: 1 }] },
    });
    const verified = await verifyQuote(res.body.quoteToken, env.SIGNING_SECRET, {
      lines: [{ sku: sku!, quantity: 1 }],
      currency: 'USD',
      channel: 'kiosk',
      group: null,
    });
    expect(verified).toMatchObject({
      ok: true,
      quote: { lines: [{ sku, quantity: 1, unitAmount: 4200, discount: 0 }] },
    });
  });
});
