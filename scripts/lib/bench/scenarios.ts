import { BEST_SELLERS, benchStores, bestSellerAt } from './dataset';
import type { BenchRequest, LoadShape } from './load-run';
import { createAisleClient } from '../../../src/client';
import { signDevToken } from '../dev-token';
import { inParallel } from './load-dataset';
import { preparing } from './retry';
import { posCustomerLookupScenario } from './pos-lookup';
import { recommendationsScenario } from './recommendations';
import { fillCarts, signShoppers, type Shopper } from './shopper';

export interface BenchContext {
  baseUrl: string;
  /** Unique per run: customers, carts and idempotency keys never collide with an earlier run's. */
  runId: string;
  authSecret: string;
  random: () => number;
  /** Runs the Worker's cron handler now, as Cloudflare does every minute; null with BENCH_URL (its own cron runs). */
  runCron: (() => Promise<void>) | null;
}

export interface Scenario {
  name: string;
  /** What one request is, printed before the runs. */
  summary: string;
  shape: LoadShape;
  /** Seconds of the same load before the timed run (not recorded): JIT, caches, DOs awake. */
  warmup: number;
  /**
   * Builds what the requests need (carts, tokens) before the clock starts and
   * returns the request maker, which answers null once what was prepared is used up.
   */
  prepare(context: BenchContext): Promise<() => BenchRequest | null>;
  /**
   * Reads the availability of best sellers drawn at random for each request: every mirror copy
   * is warmed with them before the warm-up (see warm-mirror.ts). A scenario that reads the same
   * few SKUs over and over (a cart, a wish list) warms the copies in its own warm-up.
   */
  readsMirror: boolean;
}

// Same connections and duration for every scenario, so their p50s compare with the baseline's.
// One connection: workerd runs the Worker, its DOs and the KV simulator on one thread, so with
// more connections p50 mostly measures queueing behind other requests (see docs/performance.md).
export const CONNECTIONS = 1;
const DURATION = 6;
const WARMUP = 1;
const steady: LoadShape = { connections: CONNECTIONS, duration: DURATION };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const arrayOf = (value: unknown, key: string): unknown[] =>
  isObject(value) && Array.isArray(value[key]) ? value[key] : [];

/** `count` distinct best sellers. */
function pickSkus(random: () => number, count: number): string[] {
  const picked = new Set<string>();
  while (picked.size < count) picked.add(bestSellerAt(Math.floor(random() * BEST_SELLERS)));
  return [...picked];
}

const pickStore = (random: () => number) => benchStores[Math.floor(random() * benchStores.length)]?.id ?? 'bn-store-01';
const bearer = (shopper: Shopper) => ({ authorization: `Bearer ${shopper.token}` });

const baseline: Scenario = {
  name: 'baseline',
  summary: 'GET /healthz: the trivial route, through the same middleware stack (the floor)',
  shape: steady,
  warmup: WARMUP,
  readsMirror: false,
  prepare: async () => () => ({
    method: 'GET',
    path: '/healthz',
    check: (status, body) => status === 200 && isObject(body) && body.ok === true,
  }),
};

const availabilityOne: Scenario = {
  name: 'availability-1',
  summary: 'GET /v1/availability for 1 random SKU at every location (product page: which stores have it)',
  shape: steady,
  warmup: WARMUP,
  readsMirror: true,
  prepare:
    async ({ random }) =>
    () => {
      const [sku] = pickSkus(random, 1);
      return {
        method: 'GET',
        path: `/v1/availability?skus=${sku}`,
        check: (status, body) => {
          const item = arrayOf(body, 'items')[0];
          return (
            status === 200 &&
            isObject(item) &&
            item.sku === sku &&
            arrayOf(item, 'locations').length === 20 &&
            typeof item.available === 'number'
          );
        },
      };
    },
};

const availabilityTwenty: Scenario = {
  name: 'availability-20',
  summary: "GET /v1/availability for 20 random SKUs at the shopper's store (a listing page)",
  shape: steady,
  warmup: WARMUP,
  readsMirror: true,
  prepare:
    async ({ random }) =>
    () => {
      const skus = pickSkus(random, 20);
      return {
        method: 'GET',
        path: `/v1/availability?skus=${skus.join(',')}&locationId=${pickStore(random)}`,
        check: (status, body) => {
          const items = arrayOf(body, 'items');
          return (
            status === 200 &&
            items.length === 20 &&
            items.every((item, i) => isObject(item) && item.sku === skus[i] && typeof item.available === 'number')
          );
        },
      };
    },
};

const pricesTwenty: Scenario = {
  name: 'prices-20',
  summary: 'GET /v1/prices for 20 random SKUs (a listing page)',
  shape: steady,
  warmup: WARMUP,
  readsMirror: false,
  prepare:
    async ({ random }) =>
    () => {
      const skus = pickSkus(random, 20);
      return {
        method: 'GET',
        path: `/v1/prices?skus=${skus.join(',')}`,
        check: (status, body) => {
          const prices = arrayOf(body, 'prices');
          return (
            status === 200 &&
            prices.length === 20 &&
            prices.every((price) => isObject(price) && typeof price.unitAmount === 'number')
          );
        },
      };
    },
};

// Adds go round-robin over this many customers, so each cart stays small (a few lines, as a
// shopper's does, far from the 200-line limit) and, at any concurrency, adds never queue on one CartDO.
const CART_ADD_SHOPPERS = 300;

const cartAdd: Scenario = {
  name: 'cart-add',
  summary: `POST /v1/cart/items (1 unit of a random SKU) round-robin over ${CART_ADD_SHOPPERS} customers whose carts already hold a line`,
  shape: steady,
  warmup: WARMUP,
  readsMirror: true,
  prepare: async ({ baseUrl, runId, authSecret, random }) => {
    const shoppers = await signShoppers(baseUrl, `bench-${runId}-add`, CART_ADD_SHOPPERS, authSecret);
    // Each cart exists before the clock starts: the timed adds measure adding to a cart, not creating one.
    await fillCarts(
      shoppers,
      () => pickSkus(random, 1),
      () => ({ type: 'ship' }),
    );
    let turn = 0;
    return () => {
      const shopper = shoppers[turn++ % shoppers.length] as Shopper;
      const [sku] = pickSkus(random, 1);
      return {
        method: 'POST',
        path: '/v1/cart/items',
        headers: bearer(shopper),
        body: { sku, quantity: 1 },
        check: (status, body) =>
          status === 200 && arrayOf(body, 'lines').some((line) => isObject(line) && line.sku === sku),
      };
    };
  },
};

const cartGetTwenty: Scenario = {
  name: 'cart-get-20',
  summary: 'GET /v1/cart of a 20-line cart (ship): priced with promotions, titles and availability per line',
  shape: steady,
  warmup: WARMUP,
  readsMirror: false,
  prepare: async ({ baseUrl, runId, authSecret, random }) => {
    // Two carts per connection: consecutive reads alternate between them.
    const shoppers = await signShoppers(baseUrl, `bench-${runId}-cart20`, CONNECTIONS * 2, authSecret);
    await fillCarts(
      shoppers,
      () => pickSkus(random, 20),
      () => ({ type: 'ship' }),
    );
    let turn = 0;
    return () => ({
      method: 'GET',
      path: '/v1/cart',
      headers: bearer(shoppers[turn++ % shoppers.length] as Shopper),
      check: (status, body) =>
        status === 200 &&
        arrayOf(body, 'lines').length === 20 &&
        isObject(body) &&
        isObject(body.totals) &&
        typeof body.totals.total === 'number',
    });
  },
};

const quoteTwenty: Scenario = {
  name: 'quote-20',
  summary: 'POST /v1/price-quotes of 20 random lines (1-3 units): priced basket plus a signed quote',
  shape: steady,
  warmup: WARMUP,
  readsMirror: false,
  prepare:
    async ({ random }) =>
    () => {
      const lines = pickSkus(random, 20).map((sku) => ({ sku, quantity: 1 + Math.floor(random() * 3) }));
      return {
        method: 'POST',
        path: '/v1/price-quotes',
        body: { lines },
        check: (status, body) =>
          status === 200 &&
          arrayOf(body, 'lines').length === 20 &&
          isObject(body) &&
          typeof body.quoteToken === 'string',
      };
    },
};

// Enough prepared carts for the warm-up and the timed run at several times the measured
// rate; should a faster machine use them all, the run ends early rather than check out empty carts.
const CHECKOUT_CARTS = 250;

/** Points each shopper of checkout-3-points holds, and spends half of at checkout (worth 1 minor unit each). */
const SHOPPER_POINTS = 100;
const POINTS_SPENT = 50;

/**
 * POST /v1/checkout of prepared 3-line pickup carts, paid by the test method;
 * with `points`, each shopper first holds SHOPPER_POINTS (an ops adjustment)
 * and spends POINTS_SPENT of them, so the saga also debits the wallet.
 */
function checkoutScenario(name: string, options: { points: boolean }): Scenario {
  return {
    name,
    summary: `POST /v1/checkout of a 3-line pickup cart (test payment${options.points ? `, ${POINTS_SPENT} loyalty points redeemed` : ''}); ${CHECKOUT_CARTS} carts are filled before the clock starts, one checkout each`,
    // Longer than the others: at ~10 checkouts/s, 6 s would leave p99 to a handful of samples.
    shape: { connections: CONNECTIONS, duration: 10 },
    warmup: 1,
    readsMirror: false,
    prepare: async ({ baseUrl, runId, authSecret, random }) => {
      const shoppers = await signShoppers(baseUrl, `bench-${runId}-${name}`, CHECKOUT_CARTS, authSecret);
      await fillCarts(
        shoppers,
        () => pickSkus(random, 3),
        () => ({ type: 'pickup', locationId: pickStore(random) }),
      );
      await prepareWallets(baseUrl, runId, authSecret, shoppers, options);
      let turn = 0;
      return () => {
        const index = turn++;
        const shopper = shoppers[index];
        if (!shopper) return null;
        return {
          method: 'POST',
          path: '/v1/checkout',
          headers: { ...bearer(shopper), 'idempotency-key': `bench-${runId}-${name}-${index}` },
          body: { payment: { method: 'test' }, ...(options.points && { loyaltyPoints: POINTS_SPENT }) },
          check: (status, body) =>
            status === 201 &&
            isObject(body) &&
            body.status === 'placed' &&
            arrayOf(body, 'lines').length === 3 &&
            (!options.points || arrayOf(body, 'payments').some((p) => isObject(p) && p.tender === 'loyalty')),
        };
      };
    },
  };
}

/**
 * The program both checkout scenarios run under (a point earned per 100 paid, worth 1 minor unit),
 * so that both earn and the only difference between them is the redemption; with `points`, each
 * shopper also gets SHOPPER_POINTS through the adjustments API.
 */
async function prepareWallets(
  baseUrl: string,
  runId: string,
  authSecret: string,
  shoppers: readonly Shopper[],
  options: { points: boolean },
) {
  const ops = createAisleClient({
    baseUrl,
    token: await signDevToken({ role: 'ops', sub: `bench-${runId}-ops` }, authSecret),
  });
  await preparing(() =>
    ops.PUT('/v1/admin/loyalty', { body: { earn: { points: 1, perAmount: 100 }, pointValue: 1, tiers: [] } }),
  );
  if (!options.points) return;
  await inParallel(shoppers, 8, (shopper) =>
    preparing(() =>
      ops.POST('/v1/admin/loyalty/adjustments', {
        body: {
          adjustmentId: `${shopper.sub}-points`,
          customerId: shopper.sub,
          points: SHOPPER_POINTS,
          reason: 'bench',
        },
      }),
    ),
  );
}

// The least any route that writes to Postgres costs here, timed through everything a checkout's statements
// pass: the Worker's middleware, a new connection by the Neon driver through the relay, a new backend.
const readiness: Scenario = {
  name: 'readyz',
  summary: 'GET /readyz: a new Postgres connection through the driver and the relay, and select 1 (the Postgres floor)',
  shape: steady,
  warmup: WARMUP,
  readsMirror: false,
  prepare: async () => () => ({
    method: 'GET',
    path: '/readyz',
    check: (status, body) => status === 200 && isObject(body) && body.postgres === 'up',
  }),
};

const checkoutThree = checkoutScenario('checkout-3', { points: false });
const checkoutThreePoints = checkoutScenario('checkout-3-points', { points: true });

// Far more cash than any 3-line sale of the dataset costs: the till hands back the change.
const CASH_HANDED_OVER = 1_000_000;

/** A till's token at a random store. */
async function tillToken(random: () => number, runId: string, authSecret: string): Promise<string> {
  return signDevToken({ role: 'pos', sub: `bench-${runId}-till`, loc: pickStore(random) }, authSecret);
}

const posSaleThree: Scenario = {
  name: 'pos-sale-3',
  summary: 'POST /v1/pos/sales: an online 3-line sale at a till, priced by the engine, paid in cash with change',
  // As long as checkout-3's, for the same reason: a sale writes Postgres, so a few hundred samples need 10 s.
  shape: { connections: CONNECTIONS, duration: 10 },
  warmup: WARMUP,
  readsMirror: false,
  prepare: async ({ runId, authSecret, random }) => {
    const till = { authorization: `Bearer ${await tillToken(random, runId, authSecret)}` };
    let turn = 0;
    return () => ({
      method: 'POST',
      path: '/v1/pos/sales',
      headers: till,
      body: {
        saleId: `bench-${runId}-sale-${turn++}`,
        occurredAt: new Date().toISOString(),
        lines: pickSkus(random, 3).map((sku) => ({ sku, quantity: 1 })),
        payments: [{ tender: 'cash', amount: CASH_HANDED_OVER }],
      },
      check: (status, body) =>
        status === 201 &&
        isObject(body) &&
        body.channel === 'pos' &&
        body.status === 'completed' &&
        arrayOf(body, 'lines').length === 3 &&
        isObject(body.sale) &&
        typeof body.sale.changeDue === 'number' &&
        body.sale.changeDue > 0,
    });
  },
};

const SYNC_BATCH = 50;

const posSyncFifty: Scenario = {
  name: 'pos-sync-50',
  summary: `POST /v1/pos/sales/sync: a till's offline queue of ${SYNC_BATCH} sales (1-3 lines each, as charged, cash)`,
  // A request is 50 sales, so it takes about 50 sales' time: 10 s gives it a few dozen samples.
  shape: { connections: CONNECTIONS, duration: 10 },
  warmup: WARMUP,
  readsMirror: false,
  prepare: async ({ runId, authSecret, random }) => {
    const till = { authorization: `Bearer ${await tillToken(random, runId, authSecret)}` };
    let batch = 0;
    return () => {
      const occurredAt = new Date(Date.now() - 60 * 60_000).toISOString();
      const sales = Array.from({ length: SYNC_BATCH }, (_, i) => {
        const lines = pickSkus(random, 1 + Math.floor(random() * 3)).map((sku) => ({
          sku,
          quantity: 1,
          unitAmount: 1000,
        }));
        return {
          saleId: `bench-${runId}-sync-${batch}-${i}`,
          occurredAt,
          offline: true,
          lines,
          payments: [{ tender: 'cash', amount: 1000 * lines.length }],
        };
      });
      batch += 1;
      return {
        method: 'POST',
        path: '/v1/pos/sales/sync',
        headers: till,
        body: { sales },
        check: (status, body) => {
          const results = arrayOf(body, 'results');
          return (
            status === 200 &&
            results.length === SYNC_BATCH &&
            results.every((result) => isObject(result) && result.status === 'created')
          );
        },
      };
    };
  },
};

// Enough sales to return for the warm-up and the timed run at several times the measured rate.
const RETURN_SALES = 400;

const returnOne: Scenario = {
  name: 'return-1',
  summary: `POST /v1/orders/{id}/returns: one line of a till sale returned at a till (a random store), cash refunded; ${RETURN_SALES} sales are rung up before the clock starts`,
  shape: { connections: CONNECTIONS, duration: 10 },
  warmup: WARMUP,
  readsMirror: false,
  prepare: async ({ baseUrl, runId, authSecret, random }) => {
    const seller = createAisleClient({ baseUrl, token: await tillToken(random, runId, authSecret) });
    const sold: { orderId: string; sku: string }[] = [];
    await inParallel([...Array(RETURN_SALES).keys()], 8, async (index) => {
      const [sku = ''] = pickSkus(random, 1);
      const order = await preparing(() =>
        seller.POST('/v1/pos/sales', {
          body: {
            saleId: `bench-${runId}-to-return-${index}`,
            occurredAt: new Date().toISOString(),
            lines: [{ sku, quantity: 1 }],
            payments: [{ tender: 'cash', amount: CASH_HANDED_OVER }],
          },
        }),
      );
      sold.push({ orderId: order.id, sku });
    });
    const returner = { authorization: `Bearer ${await tillToken(random, `${runId}-returns`, authSecret)}` };
    let turn = 0;
    return () => {
      const index = turn++;
      const sale = sold[index];
      if (!sale) return null;
      return {
        method: 'POST',
        path: `/v1/orders/${sale.orderId}/returns`,
        headers: returner,
        body: {
          returnId: `bench-${runId}-return-${index}`,
          lines: [{ sku: sale.sku, quantity: 1, disposition: 'restock' }],
        },
        check: (status, body) =>
          status === 201 &&
          isObject(body) &&
          arrayOf(body, 'lines').length === 1 &&
          arrayOf(body, 'refunds').every((refund) => isObject(refund) && refund.status === 'refunded'),
      };
    };
  },
};

// Wallets read round-robin, each with a few entries written through the adjustments API before the clock starts.
const LOYALTY_CUSTOMERS = 20;
const LOYALTY_ADJUSTMENTS: { points?: number; storeCredit?: number }[] = [
  { points: 120 },
  { storeCredit: 2500 },
  { points: -20 },
  { points: 35, storeCredit: -500 },
];
const sumOf = (key: 'points' | 'storeCredit') =>
  LOYALTY_ADJUSTMENTS.reduce((sum, change) => sum + (change[key] ?? 0), 0);
// One entry per dimension an adjustment moves.
const LOYALTY_ENTRIES = LOYALTY_ADJUSTMENTS.flatMap((change) => Object.keys(change)).length;

const loyaltyRead: Scenario = {
  name: 'loyalty-read',
  summary: `GET /v1/loyalty (an account page, a till's lookup): balance, tier, store credit and ${LOYALTY_ENTRIES} entries, round-robin over ${LOYALTY_CUSTOMERS} customers`,
  shape: steady,
  warmup: WARMUP,
  readsMirror: false,
  prepare: async ({ baseUrl, runId, authSecret }) => {
    const shoppers = await signShoppers(baseUrl, `bench-${runId}-loyalty`, LOYALTY_CUSTOMERS, authSecret);
    const opsToken = await signDevToken({ role: 'ops', sub: `bench-${runId}-ops` }, authSecret);
    const ops = createAisleClient({ baseUrl, token: opsToken });
    // In order for each customer (a debit needs the credit before it), customers in parallel.
    await inParallel(shoppers, 8, async (shopper) => {
      for (const [index, change] of LOYALTY_ADJUSTMENTS.entries()) {
        const adjustmentId = `${shopper.sub}-adjustment-${index}`;
        await preparing(() =>
          ops.POST('/v1/admin/loyalty/adjustments', {
            body: { adjustmentId, customerId: shopper.sub, reason: 'bench', ...change },
          }),
        );
      }
    });
    let turn = 0;
    return () => ({
      method: 'GET',
      path: '/v1/loyalty',
      headers: bearer(shoppers[turn++ % shoppers.length] as Shopper),
      check: (status, body) =>
        status === 200 &&
        isObject(body) &&
        body.balance === sumOf('points') &&
        body.storeCredit === sumOf('storeCredit') &&
        arrayOf(body, 'entries').length === LOYALTY_ENTRIES,
    });
  },
};

const WISHLIST_ITEMS = 10;

const wishlistRead: Scenario = {
  name: 'wishlist-read',
  summary: `GET /v1/wishlist of a ${WISHLIST_ITEMS}-item wish list: one ShopperDO, prices, titles and network availability`,
  shape: steady,
  warmup: WARMUP,
  readsMirror: false,
  prepare: async ({ baseUrl, runId, authSecret, random }) => {
    // Two wish lists per connection: consecutive reads alternate between them.
    const shoppers = await signShoppers(baseUrl, `bench-${runId}-wishlist`, CONNECTIONS * 2, authSecret);
    await inParallel(shoppers, 8, async ({ aisle }) => {
      for (const sku of pickSkus(random, WISHLIST_ITEMS)) {
        await preparing(() => aisle.PUT('/v1/wishlist/items/{sku}', { params: { path: { sku } } }));
      }
    });
    let turn = 0;
    return () => ({
      method: 'GET',
      path: '/v1/wishlist',
      headers: bearer(shoppers[turn++ % shoppers.length] as Shopper),
      check: (status, body) =>
        status === 200 &&
        arrayOf(body, 'items').length === WISHLIST_ITEMS &&
        arrayOf(body, 'items').every((item) => isObject(item) && typeof item.available === 'number'),
    });
  },
};

export const baselineScenario = baseline;
export const steadyScenarios: Scenario[] = [
  availabilityOne,
  availabilityTwenty,
  pricesTwenty,
  cartAdd,
  cartGetTwenty,
  quoteTwenty,
  readiness,
  checkoutThree,
  checkoutThreePoints,
  posSaleThree,
  posSyncFifty,
  returnOne,
  loyaltyRead,
  recommendationsScenario,
  wishlistRead,
  posCustomerLookupScenario,
];
