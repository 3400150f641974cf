import { describe, expect, it } from 'vitest';
import { uniqueId } from '../helpers/api';
import { device, newGuest } from '../helpers/carts';
import { checkoutWith, openShop, TEST_PAYMENT, type Shop } from '../helpers/checkout';
import { seedWallet, setTestProgram, walletOf } from '../helpers/loyalty';
import { cash, outboxFor, postSale, saleOf } from '../helpers/pos';
import { customerToken, posAt } from '../helpers/tokens';

/** A pickup order of `quantity` of the shop's first SKU, placed online by `customerId`. */
async function orderOnline(shop: Shop, customerId: string, quantity: number) {
  const token = await customerToken(customerId);
  await device(token).add(shop.skus[0] ?? '', quantity);
  await device(token).fulfil('pickup', shop.storeId);
  const placed = await checkoutWith(token, { payment: TEST_PAYMENT });
  expect(placed.status).toBe(201);
  return placed.body;
}

describe('earning points', () => {
  it('earns online and at the till into one balance', async () => {
    await setTestProgram();
    const shop = await openShop({ units: 10, price: 1500 });
    const sku = shop.skus[0] ?? '';
    const customerId = uniqueId('cus');

    const online = await orderOnline(shop, customerId, 2);
    const sale = await postSale(
      await posAt(shop.storeId),
      saleOf([{ sku, quantity: 1 }], { customerId, payments: [cash(2000)] }),
    );
    expect(sale.status).toBe(201);

    const wallet = await walletOf(customerId);
    // 3000 paid online: 30 points; 1500 at the till (500 of the 2000 was change): 15.
    expect(wallet).toMatchObject({ points: 45, lifetimePoints: 45, tierId: null });
    expect(wallet.sum.points).toBe(45);
    expect(wallet.entries.map(({ id, kind, points, channel }) => ({ id, kind, points, channel }))).toEqual(
      expect.arrayContaining([
        { id: `${online.id}:earn`, kind: 'earn', points: 30, channel: 'web' },
        { id: `${sale.body.id}:earn`, kind: 'earn', points: 15, channel: 'pos' },
      ]),
    );
  });

  it('earns nothing for a guest', async () => {
    await setTestProgram();
    const shop = await openShop({ units: 5, price: 1500 });
    const guest = await newGuest();
    await guest.add(shop.skus[0] ?? '', 1);
    await guest.fulfil('pickup', shop.storeId);
    const placed = await checkoutWith(guest.token, { payment: TEST_PAYMENT });
    expect(placed.status).toBe(201);
    expect(placed.body.customerId).toBeNull();
    expect(await outboxFor('loyalty.tier_changed', placed.body.id)).toEqual([]);
  });

  it('earns for the customer when a guest cart is merged at login before checkout', async () => {
    await setTestProgram();
    const shop = await openShop({ units: 5, price: 1500 });
    const guest = await newGuest();
    await guest.add(shop.skus[0] ?? '', 2);
    const customerId = uniqueId('cus');
    const shopper = device(await customerToken(customerId));
    expect((await shopper.merge(guest.token)).status).toBe(200);
    await shopper.fulfil('pickup', shop.storeId);

    const placed = await checkoutWith(shopper.token, { payment: TEST_PAYMENT });

    expect(placed.status).toBe(201);
    expect(placed.body.customerId).toBe(customerId);
    // The guest's two units at 15.00, ordered by the customer: 30 points.
    expect(await walletOf(customerId)).toMatchObject({ points: 30, lifetimePoints: 30 });
  });

  it('multiplies by the tier, and records the move to a new tier with the order that made it', async () => {
    await setTestProgram();
    const shop = await openShop({ units: 10, price: 1500 });
    const customerId = uniqueId('cus');
    await seedWallet(customerId, { points: 990, lifetime: true });

    // Earned at the tier before it (none, ×1): 30 points, which reach silver's 1000.
    const first = await orderOnline(shop, customerId, 2);
    expect(await walletOf(customerId)).toMatchObject({ points: 1020, lifetimePoints: 1020, tierId: 'silver' });
    const [event] = await outboxFor('loyalty.tier_changed', first.id);
    expect(event).toMatchObject({
      id: `${first.id}:loyalty.tier_changed`,
      payload: { customerId, from: null, to: 'silver', orderId: first.id },
    });
    // No endpoint takes it: written already fanned out by the order's statement (its transaction's
    // now(), as its created_at), so no announcement wakes the EVENTS consumer for it.
    expect(event!.fannedOutAt).not.toBeNull();
    expect(event!.fannedOutAt).toBe(event!.createdAt);

    // Silver earns ×1.5: 30 points become 45, and no second tier event.
    const second = await orderOnline(shop, customerId, 2);
    const wallet = await walletOf(customerId);
    expect(wallet).toMatchObject({ points: 1065, lifetimePoints: 1065, tierId: 'silver' });
    expect(wallet.entries.find((entry) => entry.id === `${second.id}:earn`)?.points).toBe(45);
    expect(await outboxFor('loyalty.tier_changed', second.id)).toEqual([]);
  });
});
