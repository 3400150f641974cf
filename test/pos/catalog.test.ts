import { afterEach, describe, expect, it, vi } from 'vitest';
import { env } from 'cloudflare:workers';
import { signGuestToken } from '../../src/auth/tokens';
import { api, uniqueId } from '../helpers/api';
import { advanceClock } from '../helpers/clock';
import { priceSkus, putLocations, putProducts, putPrices, putPromotions, testLocation } from '../helpers/catalog';
import { customerToken, opsToken, posAt, tokenFor } from '../helpers/tokens';

interface PackTier {
  minQuantity: number;
  unitAmount: number;
  compareAtAmount: number | null;
}
interface PackBook {
  priceBookId: string;
  channel: string | null;
  customerGroup: string | null;
  validFrom: string | null;
  validTo: string | null;
  tiers: Record<string, PackTier[]>;
}
interface Pack {
  version: string;
  locationId: string;
  currency: string;
  products: { sku: string; title: string }[];
  prices: PackBook[];
  promotions: { id: string; code: string | null }[];
}

const DAY_MS = 24 * 3600_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();

/** A store of its own in the read model, and a till's token there. */
async function tillAtNewStore(): Promise<{ locationId: string; token: string }> {
  const locationId = uniqueId('store');
  await putLocations([testLocation({ id: locationId })]);
  return { locationId, token: await posAt(locationId) };
}

const fetchPack = async (token: string, query = '', headers: Record<string, string> = {}) =>
  api<Pack>(`/v1/pos/catalog${query}`, { token, headers });

/** A coupon promotion of its own (10% off the order): no other test's cart sees it. */
function couponPromotion(name: string) {
  return {
    id: uniqueId(`promo-${name}`),
    name,
    kind: 'percent_off',
    value: 1000,
    target: { scope: 'order' },
    code: `POSC${uniqueId('').replace(/[^a-z0-9]/gi, '')}`.toUpperCase().slice(0, 30),
  };
}

/** How a till prices a SKU offline: the first book, in the order sent, that admits the sale and prices it. */
function tillPrice(pack: Pack, sku: string, quantity: number, group: string | null, at = new Date().toISOString()) {
  const book = pack.prices.find(
    (candidate) =>
      (candidate.customerGroup === null || candidate.customerGroup === group) &&
      (candidate.validFrom === null || Date.parse(candidate.validFrom) <= Date.parse(at)) &&
      (candidate.validTo === null || Date.parse(at) < Date.parse(candidate.validTo)) &&
      candidate.tiers[sku] !== undefined,
  );
  const tiers = book?.tiers[sku] ?? [];
  const tier = [...tiers].reverse().find((candidate) => candidate.minQuantity <= quantity) ?? tiers[0];
  return tier && book ? { priceBookId: book.priceBookId, unitAmount: tier.unitAmount } : null;
}

describe('GET /v1/pos/catalog', () => {
  afterEach(() => vi.useRealTimers());

  it('packs active products, their pos prices in the currency and live pos promotions', async () => {
    const { locationId, token } = await tillAtNewStore();
    const [sold, retired] = [uniqueId('POSC'), uniqueId('POSC')];
    await putProducts([
      { sku: sold, title: 'Till tee' },
      { sku: retired, title: 'Retired tee', active: false },
    ]);
    const anyChannel = await priceSkus({ [sold]: 1000, [retired]: 1000 });
    const posOnly = await priceSkus({ [sold]: 900 }, { channel: 'pos' });
    const staffAtTill = await priceSkus({ [sold]: 700 }, { channel: 'pos', customerGroup: 'staff' });
    const webOnly = await priceSkus({ [sold]: 950 }, { channel: 'web' });
    const euro = await priceSkus({ [sold]: 800 }, { channel: 'pos', currency: 'EUR' });
    const endedBook = await priceSkus({ [sold]: 600 }, { validFrom: inDays(-2), validTo: inDays(-1) });
    await putPrices([{ priceBookId: posOnly, sku: sold, unitAmount: 850, minQuantity: 3 }]);
    const couponAtTill = couponPromotion('pos');
    const webCoupon = couponPromotion('web');
    const ended = couponPromotion('ended');
    const inactive = couponPromotion('inactive');
    await putPromotions([
      { ...couponAtTill, conditions: { channels: ['pos', 'web'] } },
      { ...webCoupon, conditions: { channels: ['web'] } },
      { ...ended, startsAt: inDays(-2), endsAt: inDays(-1) },
      { ...inactive, active: false },
    ]);

    const res = await fetchPack(token);
    expect(res.status).toBe(200);
    const pack = res.body;
    expect(pack).toMatchObject({ locationId, currency: 'USD' });
    expect(pack.products).toContainEqual({ sku: sold, title: 'Till tee' });
    expect(pack.products.map((product) => product.sku)).not.toContain(retired);

    const mine = pack.prices.filter((book) => book.tiers[sold] !== undefined).map((book) => book.priceBookId);
    // Precedence order: channel and group, channel, neither.
    expect(mine).toEqual([staffAtTill, posOnly, anyChannel]);
    expect(mine).not.toContain(webOnly);
    expect(mine).not.toContain(euro);
    expect(mine).not.toContain(endedBook);
    expect(pack.prices.find((book) => book.priceBookId === anyChannel)?.tiers[retired]).toBeUndefined();
    expect(pack.prices.find((book) => book.priceBookId === posOnly)?.tiers[sold]).toEqual([
      { minQuantity: 1, unitAmount: 900, compareAtAmount: null },
      { minQuantity: 3, unitAmount: 850, compareAtAmount: null },
    ]);

    const promotionIds = pack.promotions.map((promotion) => promotion.id);
    expect(promotionIds).toContain(couponAtTill.id);
    expect(promotionIds).not.toContain(webCoupon.id);
    expect(promotionIds).not.toContain(ended.id);
    expect(promotionIds).not.toContain(inactive.id);
    expect(pack.promotions.find((promotion) => promotion.id === couponAtTill.id)).toMatchObject({
      code: couponAtTill.code,
      conditions: { channels: ['pos', 'web'] },
    });

    const euroPack = (await fetchPack(token, '?currency=EUR')).body;
    expect(euroPack.currency).toBe('EUR');
    expect(euroPack.prices.map((book) => book.priceBookId)).toContain(euro);
    expect(euroPack.prices.map((book) => book.priceBookId)).not.toContain(posOnly);
    expect(euroPack.version).not.toBe(pack.version);
  });

  it('lets a till select the price the server selects, for every customer group and quantity', async () => {
    const { locationId, token } = await tillAtNewStore();
    const sku = uniqueId('POSC');
    await putProducts([{ sku, title: 'Mug' }]);
    await priceSkus({ [sku]: 1200 });
    const posBook = await priceSkus({ [sku]: 1100 }, { channel: 'pos', priority: 5 });
    await putPrices([{ priceBookId: posBook, sku, unitAmount: 1000, minQuantity: 4 }]);
    await priceSkus({ [sku]: 900 }, { customerGroup: 'staff' });
    await priceSkus({ [sku]: 500 }, { channel: 'pos', priority: 10, validFrom: inDays(1) });
    const pack = (await fetchPack(token)).body;

    for (const group of [null, 'staff', 'gold']) {
      const till = await tokenFor({
        role: 'pos',
        sub: uniqueId('till'),
        loc: locationId,
        ...(group && { grp: group }),
      });
      for (const quantity of [1, 4]) {
        const quote = await api('/v1/price-quotes', {
          method: 'POST',
          token: till,
          body: { lines: [{ sku, quantity }] },
        });
        expect(tillPrice(pack, sku, quantity, group), `${group} × ${quantity}`).toEqual({
          priceBookId: expect.any(String),
          unitAmount: quote.body.lines[0].unitAmount,
        });
      }
    }
    // The book that starts tomorrow is in the pack, so a till offline overnight prices by it.
    expect(tillPrice(pack, sku, 1, null, inDays(2))?.unitAmount).toBe(500);
  });

  it('answers 304 with the ETag to a till that holds the current pack', async () => {
    const { token } = await tillAtNewStore();
    const first = await fetchPack(token);
    const etag = first.headers.get('etag');
    expect(etag).toBe(`"${first.body.version}"`);

    const again = await fetchPack(token, '', { 'if-none-match': etag ?? '' });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.get('etag')).toBe(etag);

    const stale = await fetchPack(token, '', { 'if-none-match': '"not-the-version"' });
    expect(stale.status).toBe(200);
    expect(stale.body.version).toBe(first.body.version);
  });

  it('moves its version after a price or a product publish, and only then', async () => {
    const { token } = await tillAtNewStore();
    const sku = uniqueId('POSC');
    await putProducts([{ sku, title: 'Cap' }]);
    const book = await priceSkus({ [sku]: 1500 }, { channel: 'pos' });
    const first = (await fetchPack(token)).body.version;
    expect((await fetchPack(token)).body.version).toBe(first);

    await putPrices([{ priceBookId: book, sku, unitAmount: 1400 }]);
    const repriced = await fetchPack(token);
    expect(repriced.body.version).not.toBe(first);
    expect(repriced.body.prices.find((b) => b.priceBookId === book)?.tiers[sku]?.[0]?.unitAmount).toBe(1400);

    await putProducts([{ sku, title: 'Cap, renamed' }]);
    const renamed = await fetchPack(token);
    expect(renamed.body.version).not.toBe(repriced.body.version);
    expect(renamed.body.products).toContainEqual({ sku, title: 'Cap, renamed' });
  });

  it('moves its version when a promotion in it ends, and drops it', async () => {
    const { locationId } = await tillAtNewStore();
    const promotion = { ...couponPromotion('ending'), endsAt: new Date(Date.now() + 3600_000).toISOString() };
    await putPromotions([promotion]);
    const before = (await fetchPack(await posAt(locationId))).body;
    expect(before.promotions.map((p) => p.id)).toContain(promotion.id);

    vi.useFakeTimers({ toFake: ['Date'] });
    advanceClock(2 * 3600_000);
    const after = (await fetchPack(await posAt(locationId))).body;
    expect(after.promotions.map((p) => p.id)).not.toContain(promotion.id);
    expect(after.version).not.toBe(before.version);
  });

  it('refuses a till whose location is not in the catalog with 422', async () => {
    const res = await api('/v1/pos/catalog', { token: await posAt(uniqueId('nowhere')) });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('unprocessable');
  });

  it('is for tills only', async () => {
    expect((await api('/v1/pos/catalog')).status).toBe(401);
    const guest = await signGuestToken(uniqueId('guest'), env.SIGNING_SECRET);
    for (const token of [await customerToken(), await opsToken(), guest]) {
      expect((await api('/v1/pos/catalog', { token })).status).toBe(403);
    }
  });
});
