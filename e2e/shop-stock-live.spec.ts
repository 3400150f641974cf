import { expect, test } from '@playwright/test';
import { ok } from '../src/client';
import { apiAs, expectAccessible, ownProduct, screenshot, signIn, uniqueId } from './helpers';

// Issue #18, browser test 2: stock at a store goes to zero while the listing is open; it says so without reload.
test('a listing at a store shows its SKU in stock, then out of stock once another shopper buys the last units', async ({
  page,
}) => {
  const sku = await ownProduct('Live Lantern', 2, 'store-wicker-park');
  await signIn(page, 'shop', uniqueId('cus_watcher'));

  // The store is found by typing a neighbourhood's ZIP code.
  await page.getByRole('button', { name: 'Choose a store' }).click();
  await page.getByLabel('ZIP code or neighbourhood').fill('60622');
  await page.getByRole('button', { name: 'Find stores' }).click();
  await page.getByRole('button', { name: 'Choose Aisle Wicker Park' }).click();
  await expect(page.getByText('Your store: Aisle Wicker Park')).toBeVisible();

  await page.getByRole('searchbox', { name: 'Search products' }).fill(sku);
  await page.getByRole('button', { name: 'Search' }).click();
  const card = page.locator(`[data-sku="${sku}"]`);
  const stock = card.locator('[data-status]');
  await expect(stock).toContainText('(2) at Aisle Wicker Park');
  await expect(stock).not.toHaveAttribute('data-status', 'out_of_stock');
  await expectAccessible(page, 'shop catalog at a store');

  // Someone else takes both units for pickup there, through the API.
  const other = await apiAs('customer', { sub: uniqueId('cus_buyer') });
  await ok(other.POST('/v1/cart/items', { body: { sku, quantity: 2 } }));
  await ok(other.PUT('/v1/cart/fulfillment', { body: { type: 'pickup', locationId: 'store-wicker-park' } }));
  await ok(
    other.POST('/v1/checkout', {
      params: { header: { 'idempotency-key': uniqueId('e2e-checkout') } },
      body: { payment: { method: 'test' } },
    }),
  );

  await expect(stock).toHaveAttribute('data-status', 'out_of_stock');
  await expect(stock).toHaveText('Out of stock at Aisle Wicker Park');
  await screenshot(page, 'shop-out-of-stock');
});
