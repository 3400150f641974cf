import { expect, test } from '@playwright/test';
import { ok } from '../src/client';
import { apiAs, expectAccessible, screenshot, uniqueId } from './helpers';
import { setStock, signInTill } from './till-helpers';

const STORE = 'store-hyde-park';
const SKU = 'PACK-DAY-OLI';

test('the till checks a pickup pass, marks the order ready and hands it over with the code the pass carries', async ({
  page,
}) => {
  await setStock(SKU, STORE, 5);
  const shopper = await apiAs('customer', { sub: uniqueId('cus_pickup') });
  await ok(shopper.POST('/v1/cart/items', { body: { sku: SKU, quantity: 1 } }));
  await ok(shopper.PUT('/v1/cart/fulfillment', { body: { type: 'pickup', locationId: STORE } }));
  const order = await ok(
    shopper.POST('/v1/checkout', {
      params: { header: { 'idempotency-key': uniqueId('checkout') } },
      body: { payment: { method: 'test' } },
    }),
  );
  expect(order.pickupPass).toBeTruthy();

  await signInTill(page, uniqueId('till_hp'), 'Aisle Hyde Park');
  await page.getByRole('link', { name: 'Pickups' }).click();
  const toPrepare = page.getByRole('region', { name: 'To prepare' });
  await expect(toPrepare).toContainText(order.number);
  await expectAccessible(page, 'till pickups');
  await screenshot(page, 'till-pickups');

  // A tampered pass is refused before anything is sent.
  await page.getByLabel(/^Pickup pass/).fill(`${order.pickupPass!.slice(0, -4)}AAAA`);
  await page.getByRole('button', { name: 'Check pass' }).click();
  await expect(page.getByRole('alert')).toContainText('not valid');

  await page.getByLabel(/^Pickup pass/).fill(order.pickupPass!);
  await page.getByRole('button', { name: 'Check pass' }).click();
  await expect(page.getByText(`Valid pass for order ${order.number} (placed)`)).toBeVisible();
  await page.getByRole('button', { name: 'Mark ready', exact: true }).click();
  await expect(page.getByText(`Order ${order.number} is ready for pickup.`)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Ready, waiting for the shopper' })).toContainText(order.number);

  await page.getByRole('button', { name: 'Check pass' }).click();
  await page.getByRole('button', { name: `Hand over order ${order.number}` }).click();
  await expect(page.getByText(`Order ${order.number} handed over.`)).toBeVisible();
  expect((await ok(shopper.GET('/v1/orders/{id}', { params: { path: { id: order.id } } }))).status).toBe('picked_up');
});
