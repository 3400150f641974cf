import { describe, expect, it } from 'vitest';
import { api, uniqueId } from '../helpers/api';
import { createProducts, priceSkus, putPriceBooks, putPrices, putPromotions } from '../helpers/catalog';
import { opsToken, posToken, tokenFor } from '../helpers/tokens';

describe('GET /v1/prices', () => {
  it('sees an admin price change on the very next read', async () => {
    const [sku] = await createProducts(1);
    const book = await priceSkus({ [sku!]: 1999 });
    expect((await api(`/v1/prices?skus=${sku}`)).body.prices[0]).toMatchObject({
      sku,
      unitAmount: 1999,
      priceBookId: book,
    });

    await putPrices([{ priceBookId: book, sku, unitAmount: 1799, compareAtAmount: 1999 }]);
    expect((await api(`/v1/prices?skus=${sku}&currency=USD`)).body).toMatchObject({
      currency: 'USD',
      channel: 'web',
      prices: [{ sku, unitAmount: 1799, compareAtAmount: 1999, tiers: [{ minQuantity: 1, unitAmount: 1799 }] }],
      unpriced: [],
    });
  });

  it('selects the book for the caller: POS till, app channel and customer group', async () => {
    const [sku] = await createProducts(1);
    await priceSkus({ [sku!]: 1000 });
    await priceSkus({ [sku!]: 900 }, { channel: 'pos' });
    await priceSkus({ [sku!]: 950 }, { channel: 'app' });
    await priceSkus({ [sku!]: 800 }, { customerGroup: 'staff' });
    await priceSkus({ [sku!]: 700 }, { channel: 'pos', customerGroup: 'staff' });

    const priceFor = async (init: { token?: string; headers?: Record<string, string> }) =>
      (await api(`/v1/prices?skus=${sku}`, init)).body.prices[0].unitAmount;
    expect(await priceFor({})).toBe(1000);
    expect(await priceFor({ headers: { 'x-channel': 'app' } })).toBe(950);
    expect(await priceFor({ token: await posToken('store-1') })).toBe(900);
    expect(await priceFor({ token: await tokenFor({ role: 'customer', sub: 'c1', grp: 'staff' }) })).toBe(800);
    expect(await priceFor({ token: await tokenFor({ role: 'pos', sub: 'p1', loc: 'store-1', grp: 'staff' }) })).toBe(
      700,
    );
  });

  it('lists SKUs without a price in the currency as unpriced, not as an error', async () => {
    const [priced, unpriced] = await createProducts(2);
    await priceSkus({ [priced!]: 500 });
    const res = await api(`/v1/prices?skus=${priced},${unpriced}`);
    expect(res.status).toBe(200);
    expect(res.body.prices.map((p: { sku: string }) => p.sku)).toEqual([priced]);
    expect(res.body.unpriced).toEqual([unpriced]);
    expect((await api(`/v1/prices?skus=${priced}&currency=EUR`)).body.unpriced).toEqual([priced]);
  });

  it('refuses prices for unknown books or SKUs with 422 naming them', async () => {
    const [sku] = await createProducts(1);
    const res = await api('/v1/admin/prices', {
      method: 'PUT',
      token: await opsToken(),
      body: {
        prices: [
          { priceBookId: 'no-such-book', sku, unitAmount: 1 },
          { priceBookId: 'no-such-book', sku: 'GHOST-1', unitAmount: 1 },
        ],
      },
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'unprocessable', missingBooks: ['no-such-book'], missingSkus: ['GHOST-1'] });
  });

  it('validates money and windows', async () => {
    const token = await opsToken();
    const bad = await api('/v1/admin/prices', {
      method: 'PUT',
      token,
      body: { prices: [{ priceBookId: 'b', sku: 'S1', unitAmount: 19.99 }] },
    });
    expect(bad.body.errors[0].path).toBe('json.prices.0.unitAmount');
    const window = await api('/v1/admin/price-books', {
      method: 'PUT',
      token,
      body: {
        priceBooks: [{ id: 'w1', currency: 'USD', validFrom: '2026-02-01T00:00:00Z', validTo: '2026-01-01T00:00:00Z' }],
      },
    });
    expect(window.body.errors[0].path).toBe('json.priceBooks.0.validTo');
  });
});

describe('POST /v1/price-quotes', () => {
  it('prices the basket with promotions and coupons made by ops, and signs it', async () => {
    const [tee, mug] = await createProducts(2);
    await priceSkus({ [tee!]: 2000, [mug!]: 1000 });
    const code = uniqueId('SAVE')
      .replace(/[^A-Za-z0-9_-]/g, '')
      .slice(0, 30);
    await putPromotions([
      {
        id: uniqueId('promo'),
        name: 'Mugs 10% off',
        kind: 'percent_off',
        value: 1000,
        target: { scope: 'skus', skus: [mug] },
      },
      {
        id: uniqueId('promo'),
        name: '$5 coupon',
        kind: 'amount_off',
        value: 500,
        target: { scope: 'skus', skus: [tee, mug] },
        code,
      },
    ]);

    const res = await api('/v1/price-quotes', {
      method: 'POST',
      body: {
        lines: [
          { sku: tee, quantity: 2 },
          { sku: mug, quantity: 1 },
        ],
        coupons: [code],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.totals).toEqual({ subtotal: 5000, discount: 600, total: 4400 });
    expect(res.body.lines.reduce((sum: number, l: { discount: number }) => sum + l.discount, 0)).toBe(600);
    expect(res.body.appliedPromotions.map((p: { name: string }) => p.name).sort()).toEqual([
      '$5 coupon',
      'Mugs 10% off',
    ]);
    expect(res.body.quoteToken.split('.')).toHaveLength(3);
    const minutes = (Date.parse(res.body.expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
  });

  it('sees a price change on the next quote', async () => {
    const [sku] = await createProducts(1);
    const book = await priceSkus({ [sku!]: 1200 });
    const quote = () => api('/v1/price-quotes', { method: 'POST', body: { lines: [{ sku, quantity: 1 }] } });
    expect((await quote()).body.totals.total).toBe(1200);
    await putPrices([{ priceBookId: book, sku, unitAmount: 1100 }]);
    expect((await quote()).body.totals.total).toBe(1100);
  });

  it('reports a coupon that does not apply, with its reason', async () => {
    const [sku] = await createProducts(1);
    await priceSkus({ [sku!]: 1000 });
    const res = await api('/v1/price-quotes', {
      method: 'POST',
      body: { lines: [{ sku, quantity: 1 }], coupons: ['NOPE-CODE'] },
    });
    expect(res.body.couponIssues).toEqual([{ code: 'NOPE-CODE', reason: 'unknown' }]);
    expect(res.body.totals.discount).toBe(0);
  });

  it('refuses a basket with an unpriced SKU with 422', async () => {
    const [sku] = await createProducts(1);
    const res = await api('/v1/price-quotes', { method: 'POST', body: { lines: [{ sku, quantity: 1 }] } });
    expect(res.status).toBe(422);
    expect(res.body.unpriced).toEqual([sku]);
  });

  it('validates quantities', async () => {
    const res = await api('/v1/price-quotes', {
      method: 'POST',
      body: {
        lines: [
          { sku: 'A1', quantity: 1000 },
          { sku: 'A2', quantity: 0 },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'json.lines.0.quantity',
      'json.lines.1.quantity',
    ]);
  });
});

describe('promotion administration', () => {
  it('refuses a coupon code already used by another promotion with 409', async () => {
    const code = `DUP${Date.now().toString(36)}`;
    await putPromotions([
      { id: uniqueId('p'), name: 'A', kind: 'amount_off', value: 100, target: { scope: 'order' }, code, active: false },
    ]);
    const res = await api('/v1/admin/promotions', {
      method: 'PUT',
      token: await opsToken(),
      body: {
        promotions: [
          {
            id: uniqueId('p'),
            name: 'B',
            kind: 'amount_off',
            value: 100,
            target: { scope: 'order' },
            code: code.toLowerCase(),
          },
        ],
      },
    });
    expect(res.status).toBe(409);
  });

  it('validates kind-specific fields', async () => {
    const res = await api('/v1/admin/promotions', {
      method: 'PUT',
      token: await opsToken(),
      body: { promotions: [{ id: 'bx', name: 'B', kind: 'buy_x_get_y', value: 20000, target: { scope: 'skus' } }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining([
        'json.promotions.0.value',
        'json.promotions.0.buyQuantity',
        'json.promotions.0.target.skus',
      ]),
    );
  });

  it('keeps the previous snapshot when a write fails (nothing half-published)', async () => {
    const [sku] = await createProducts(1);
    const book = await priceSkus({ [sku!]: 300 });
    const failing = await api('/v1/admin/prices', {
      method: 'PUT',
      token: await opsToken(),
      body: {
        prices: [
          { priceBookId: book, sku, unitAmount: 1 },
          { priceBookId: book, sku: 'GHOST-2', unitAmount: 1 },
        ],
      },
    });
    expect(failing.status).toBe(422);
    expect((await api(`/v1/prices?skus=${sku}`)).body.prices[0].unitAmount).toBe(300);
    await putPriceBooks([{ id: book, currency: 'USD', priority: 5 }]);
    expect((await api(`/v1/prices?skus=${sku}`)).body.prices[0].unitAmount).toBe(300);
  });
});
