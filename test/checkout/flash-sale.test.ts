import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { api, uniqueId } from '../helpers/api';
import { withDatabase } from '../helpers/postgres';
import { customerToken } from '../helpers/tokens';
import { drainLedger, levelAt, stockOf } from '../helpers/stock';
import { device } from '../helpers/carts';
import { checkoutWith, openShop, runDispatcher, TEST_PAYMENT } from '../helpers/checkout';

const CHANNELS = ['web', 'app', 'kiosk'] as const;

describe('the flash sale', () => {
  it('sells exactly the 10 stocked units to 60 concurrent shoppers on every channel, reservations included', async () => {
    const shop = await openShop({ units: 10, price: 4900 });
    const sku = shop.skus[0]!;
    const shoppers = await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        const token = await customerToken(uniqueId('fan'));
        const channel = CHANNELS[i % 3]!;
        const reservesInStore = i % 4 === 0;
        if (!reservesInStore) {
          const cart = device(token, channel);
          await cart.add(sku, 1);
          await cart.fulfil(i % 2 ? 'pickup' : 'curbside', shop.storeId);
        }
        return { token, channel, reservesInStore };
      }),
    );

    const results = await Promise.all(
      shoppers.map(({ token, channel, reservesInStore }) =>
        reservesInStore
          ? api('/v1/store-reservations', {
              method: 'POST',
              token,
              body: { locationId: shop.storeId, items: [{ sku, quantity: 1 }] },
            })
          : checkoutWith(token, { payment: TEST_PAYMENT }, { channel }),
      ),
    );

    const succeeded = results.filter((res) => res.status === 201);
    const soldOut = results.filter((res) => res.status === 409 && res.body.code === 'out_of_stock');
    expect(succeeded).toHaveLength(10);
    expect(soldOut).toHaveLength(50);
    const reservations = succeeded.filter((res) => String(res.body.id).startsWith('rsv_')).length;

    await runDispatcher();
    const level = await levelAt(sku, shop.storeId);
    // Orders are sold (onHand down), reservations still held (reserved), nothing else.
    expect(level).toMatchObject({ available: 0, onHand: reservations, reserved: reservations });

    const stock = stockOf(sku);
    await drainLedger(stock);
    const [ledger] = await withDatabase(
      async (db) =>
        (
          await db.execute<{ on_hand: string; reserved: string }>(
            sql`select coalesce(sum(on_hand_delta), 0) as on_hand, coalesce(sum(reserved_delta), 0) as reserved from inventory_movements where sku = ${sku}`,
          )
        ).rows,
    );
    expect({ onHand: Number(ledger?.on_hand), reserved: Number(ledger?.reserved) }).toEqual({
      onHand: level.onHand,
      reserved: level.reserved,
    });
  });
});
