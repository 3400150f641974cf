import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { outbox } from '../../src/db/schema';
import { BACK_IN_STOCK_NOTIFY_TOPIC } from '../../src/domain/back-in-stock';
import { TASK_HANDLERS } from '../../src/outbox/dispatcher';
import { api, uniqueId } from '../helpers/api';
import { device } from '../helpers/carts';
import { ADDRESS, checkoutWith, openShop, TEST_PAYMENT } from '../helpers/checkout';
import { seedWallet, setTestProgram } from '../helpers/loyalty';
import { cash, postSale, saleOf } from '../helpers/pos';
import { withDatabase } from '../helpers/postgres';
import { shopper as shopperLists } from '../helpers/shopper';
import { customerToken, posAt } from '../helpers/tokens';

/** Tells waiting subscriptions of `sku` at `locationId` that it is back, as a StockDO transition's task would. */
function announceBackInStock(sku: string, locationId: string) {
  const handler = TASK_HANDLERS[BACK_IN_STOCK_NOTIFY_TOPIC];
  if (!handler) throw new Error('no notify handler');
  const payload = {
    sku,
    locationId,
    eventId: uniqueId('transition'),
    occurredAt: new Date(Date.now() + 1000).toISOString(),
  };
  return withDatabase((db) => handler({ env, db }, payload));
}

/**
 * A shopper who used every feature: a shipped web order with contact and
 * address, a till sale in their name paid partly with store credit, a return
 * of it, points earned, a wish list, views, a notified and a waiting
 * back-in-stock subscription, an open cart and a till look-up.
 */
export async function everyFeatureShopper() {
  await setTestProgram();
  const shop = await openShop({ skus: 3, units: 10, price: 1500, warehouseUnits: 10 });
  const [a, b, c] = shop.skus as [string, string, string];
  const id = uniqueId('cus');
  const token = await customerToken(id);
  const personal = {
    name: `Erin ${id}`,
    email: `${id.toLowerCase()}@erase.example`,
    phone: `+1312${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
    line1: `${id} Forget-Me Lane`,
    city: `Oblivion ${id}`,
  };
  const cart = device(token);
  expect((await api('/v1/me', { method: 'PUT', token, body: { name: personal.name } })).status).toBe(200);

  await cart.add(a, 1);
  await cart.fulfil('ship');
  const address = { ...ADDRESS, name: personal.name, line1: personal.line1, city: personal.city };
  const contact = { email: personal.email, phone: personal.phone };
  const web = await checkoutWith(token, { payment: TEST_PAYMENT, contact, shippingAddress: address });
  expect(web.status).toBe(201);

  const till = await posAt(shop.storeId);
  await seedWallet(id, { storeCredit: 700 });
  const tenders = [{ tender: 'store_credit', amount: 500 }, cash(2500)];
  const sale = await postSale(till, saleOf([{ sku: b, quantity: 2 }], { customerId: id, payments: tenders }));
  expect(sale.status).toBe(201);
  const returned = await api(`/v1/orders/${sale.body.id}/returns`, {
    method: 'POST',
    token: till,
    body: { returnId: uniqueId('ret'), lines: [{ sku: b, quantity: 1, disposition: 'restock' }] },
  });
  expect(returned.status).toBe(201);

  const lists = shopperLists(token);
  expect((await lists.wish(c)).status).toBe(200);
  expect((await lists.view(a)).status).toBeLessThan(300);
  const subscribe = (sku: string) =>
    api('/v1/back-in-stock', { method: 'POST', token, body: { sku, locationId: shop.storeId } });
  expect((await subscribe(a)).status).toBe(201);
  await announceBackInStock(a, shop.storeId);
  expect((await subscribe(c)).status).toBe(201);
  await cart.add(c, 2);

  const lookup = await api(`/v1/pos/customers?email=${encodeURIComponent(personal.email)}`, { token: till });
  expect(lookup.body.customers).toHaveLength(1);
  return { id, token, till, shop, personal, webOrderId: web.body.id as string, saleId: sale.body.id as string };
}

export const redactions = (customerId: string) =>
  withDatabase((db) =>
    db
      .select()
      .from(outbox)
      .where(eq(outbox.id, `customer.redacted:${customerId}`)),
  );
