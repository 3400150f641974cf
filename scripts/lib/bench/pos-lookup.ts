import { signDevToken } from '../dev-token';
import { bestSellerAt, HOT_STORE } from './dataset';
import { inParallel } from './load-dataset';
import { preparing } from './retry';
import type { Scenario } from './scenarios';
import { fillCarts, signShoppers } from './shopper';

const CUSTOMERS = 50;
// Offset into the best sellers, away from the SKUs the other scenarios pick first.
const FIRST_SKU = 3000;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const emailOf = (sub: string) => `${sub}@bench.example.com`;

/**
 * GET /v1/pos/customers?email= at a till, round-robin over CUSTOMERS shoppers
 * who each have a profile, a wished SKU and a line in their online cart: the
 * whole 360 view (profile, wallet, wish list here, recent orders, cart,
 * pickups here) and the look-up's audit row.
 */
export const posCustomerLookupScenario: Scenario = {
  name: 'pos-customer-lookup',
  summary: `GET /v1/pos/customers?email= (the till's 360 view, audited) round-robin over ${CUSTOMERS} shoppers with a profile, a wish and a cart`,
  shape: { connections: 1, duration: 6 },
  warmup: 1,
  readsMirror: false,
  prepare: async ({ baseUrl, runId, authSecret }) => {
    const shoppers = await signShoppers(baseUrl, `bench-${runId}-regular`, CUSTOMERS, authSecret);
    const skuOf = (index: number) => bestSellerAt(FIRST_SKU + index);
    await inParallel([...shoppers.keys()], 8, async (index) => {
      const shopper = shoppers[index];
      if (!shopper) return;
      const { aisle, sub } = shopper;
      await preparing(() => aisle.PUT('/v1/me', { body: { name: `Regular ${index}`, email: emailOf(sub) } }));
      await preparing(() => aisle.PUT('/v1/wishlist/items/{sku}', { params: { path: { sku: skuOf(index) } } }));
    });
    await fillCarts(
      shoppers,
      (index) => [skuOf(index + 1)],
      () => ({ type: 'ship' }),
    );
    const till = await signDevToken({ role: 'pos', sub: `bench-${runId}-lookup-till`, loc: HOT_STORE }, authSecret);
    let turn = 0;
    return () => {
      const shopper = shoppers[turn++ % shoppers.length];
      return {
        method: 'GET',
        path: `/v1/pos/customers?email=${encodeURIComponent(emailOf(shopper?.sub ?? ''))}`,
        headers: { authorization: `Bearer ${till}` },
        check: (status, body) => {
          if (status !== 200 || !isObject(body) || !Array.isArray(body.customers)) return false;
          const [found] = body.customers as unknown[];
          return (
            isObject(found) && found.id === shopper?.sub && Array.isArray(found.wishlist) && found.wishlist.length === 1
          );
        },
      };
    };
  },
};
