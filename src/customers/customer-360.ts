import type { z } from '@hono/zod-openapi';
import type { CustomerRow } from '../db/customers';
import { listCustomerOrders, type OrderRecord } from '../db/orders';
import { listLocationOrders } from '../db/order-queue';
import { STORE_QUEUE_FULFILLMENTS, type OrderViewer } from '../domain/orders';
import { showStanding } from '../loyalty/wallet-view';
import { presentOrder } from '../orders/orders';
import { renderWishlist } from '../shopper/wishlist';
import type { Database } from '../db/client';
import { customerOwnerName } from '../domain/shopper';
import type { Customer360Schema } from '../schemas/customers';

export type Customer360 = z.infer<typeof Customer360Schema>;

const RECENT_ORDERS = 10;
const PICKUPS_SHOWN = 50;

/** Who is looking and where: the till's store, or for ops the store they named (null: every store). */
export interface LookupPlace {
  viewer: OrderViewer;
  locationId: string | null;
}

/** What the view reads from: Postgres, the shopper's CartDO, and the key order views are signed with. */
export interface CustomerDeps {
  env: Env;
  db: Database;
  signingSecret: string;
}

interface PartContext {
  deps: CustomerDeps;
  customer: CustomerRow;
  place: LookupPlace;
}

const present =
  ({ deps, place }: PartContext) =>
  (order: OrderRecord) =>
    presentOrder(deps, place.viewer, order);

/**
 * The parts of the view besides the profile, each read on its own and all at
 * once: a new part is one more entry here and in the schema.
 */
const PARTS = {
  wallet: ({ deps, customer }: PartContext) => showStanding(deps.env, () => deps.db, customer.id),
  recentOrders: async (context: PartContext) => {
    const orders = await listCustomerOrders(context.deps.db, context.customer.id, RECENT_ORDERS, null);
    return Promise.all(orders.map(present(context)));
  },
  pickupsHere: async (context: PartContext) => {
    const orders = await listLocationOrders(context.deps.db, {
      locationId: context.place.locationId,
      customerId: context.customer.id,
      status: 'ready_for_pickup',
      fulfillments: STORE_QUEUE_FULFILLMENTS,
      limit: PICKUPS_SHOWN,
    });
    return Promise.all(orders.map(present(context)));
  },
  // What they wish for, and whether this store has it: the ShopperDO and the StockDOs, no Postgres.
  wishlist: async ({ deps, customer, place }: PartContext) => {
    const { items } = await renderWishlist(deps.env, customerOwnerName(customer.id), {
      channel: 'pos',
      group: customer.customerGroup,
      locationId: place.locationId ?? undefined,
    });
    return items.map(({ sku, title, available }) => ({ sku, title, available }));
  },
  // The cart as the shopper sees it online: the web channel's prices, their group.
  cart: async ({ deps, customer }: PartContext) => {
    const cart = await deps.env.CART.getByName(customerOwnerName(customer.id)).view({
      channel: 'web',
      group: customer.customerGroup,
    });
    return { lines: cart.lines, totals: cart.totals };
  },
} satisfies Record<string, (context: PartContext) => Promise<unknown>>;

type Parts = { [K in keyof typeof PARTS]: Awaited<ReturnType<(typeof PARTS)[K]>> };

async function readParts(context: PartContext): Promise<Parts> {
  const entries = await Promise.all(
    Object.entries(PARTS).map(async ([name, read]) => [name, await read(context)] as const),
  );
  return Object.fromEntries(entries) as Parts;
}

/** The shopper as the till sees them: profile, wallet, wish list, recent orders of every channel, open cart, pickups here. */
export async function customer360(deps: CustomerDeps, customer: CustomerRow, place: LookupPlace): Promise<Customer360> {
  const { wallet, ...parts } = await readParts({ deps, customer, place });
  return {
    id: customer.id,
    name: customer.name,
    email: customer.email,
    phone: customer.phone,
    loyalty: { balance: wallet.balance, tier: wallet.tier },
    storeCredit: wallet.storeCredit,
    ...parts,
  };
}
