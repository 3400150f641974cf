import { expect, test } from '@playwright/test';
import { ok } from '../src/client';
import { apiAs, expectAccessible, screenshot, setStock, signIn, uniqueId } from './helpers';

const HOODIE = 'HOOD-FLC-HEA-M';
const STORE = 'store-lincoln-park';

// Issue #18, browser test 3: buy online, pick up in store, with a till (through the API) on the other side.
test('buy online, pick up in store: nearby store, checkout, code and QR; ready at the till, then handed over', async ({
  page,
}) => {
  const shopper = uniqueId('cus_bopis');
  await setStock(HOODIE, STORE, 5);
  await signIn(page, 'shop', shopper);
  await page.goto(`/shop/#/product/${HOODIE}`);
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.getByTestId('cart-count')).toHaveText('1');

  await page.getByRole('link', { name: /^Cart/ }).click();
  await page.getByRole('radio', { name: 'Pick up in store' }).check();
  await page.getByRole('button', { name: 'Choose a store' }).click();
  await page.getByLabel('ZIP code or neighbourhood').fill('Lincoln Park');
  await page.getByRole('button', { name: 'Find stores' }).click();
  await page.getByRole('button', { name: 'Choose Aisle Lincoln Park' }).click();
  await expect(page.getByText('Pick up at: Aisle Lincoln Park')).toBeVisible();

  // The seeded WELCOME10 (10% over $50) applies to a $64 hoodie; an unknown code is refused, saying why.
  await page.getByLabel('Coupon code').fill('WELCOME10');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('list', { name: 'Coupons on the cart' })).toContainText('WELCOME10 applies');
  await page.getByLabel('Coupon code').fill('NOSUCHCODE');
  await page.getByRole('button', { name: 'Apply' }).click();
  // The problem's own words (its `detail`), not a stack.
  await expect(page.getByRole('alert')).toContainText('Coupon NOSUCHCODE cannot be used');
  await expectAccessible(page, 'shop cart with pickup');

  await page.getByRole('link', { name: 'Checkout' }).click();
  await page.getByLabel('E-mail for the receipt').fill(`${shopper}@example.com`);
  await expectAccessible(page, 'shop checkout');
  await page.getByRole('button', { name: /^Place order/ }).click();

  await expect(page.getByRole('heading', { name: /^Order / })).toBeVisible();
  const status = page.locator('.order-status');
  await expect(status).toHaveText('Placed');
  const code = (await page.locator('.pickup-code').textContent()) ?? '';
  expect(code).toMatch(/^[A-Z0-9]{6}$/);
  await expect(page.getByRole('img', { name: /QR code of the signed pickup pass/ })).toBeVisible();
  await expectAccessible(page, 'shop order');
  await screenshot(page, 'shop-pickup-order');
  const orderId = decodeURIComponent(new URL(page.url()).hash.replace('#/order/', ''));

  // The store's till, through the API (the till app is its own test): ready, then handed over with the code.
  const till = await apiAs('pos', { sub: uniqueId('till_lp'), loc: STORE });
  await ok(till.POST('/v1/orders/{id}/ready', { params: { path: { id: orderId } } }));
  await expect(status).toHaveText('Ready for pickup');
  await ok(till.POST('/v1/orders/{id}/pickup', { params: { path: { id: orderId } }, body: { pickupCode: code } }));
  await expect(status).toHaveText('Picked up');
  await expect(page.getByRole('img', { name: /QR code/ })).toHaveCount(0);

  // The same shopper buys a mug at a till: the history lists both channels' orders.
  const prices = await ok(till.GET('/v1/prices', { params: { query: { skus: 'MUG-STONE-SAN' } } }));
  const sale = {
    saleId: uniqueId('e2e-sale'),
    occurredAt: new Date().toISOString(),
    lines: [{ sku: 'MUG-STONE-SAN', quantity: 1 }],
    customerId: shopper,
    payments: [{ tender: 'cash' as const, amount: prices.prices[0]?.unitAmount ?? 0 }],
  };
  await ok(till.POST('/v1/pos/sales', { body: sale }));
  await page.getByRole('link', { name: 'Orders', exact: true }).click();
  const history = page.getByRole('table', { name: 'Orders' });
  await expect(history.getByRole('row').filter({ hasText: 'Online' })).toContainText('Picked up');
  await expect(history.getByRole('row').filter({ hasText: 'In store' })).toContainText('Completed');
  await expectAccessible(page, 'shop orders');
  await page.getByRole('link', { name: 'Account', exact: true }).click();
  await expect(page.getByTestId('loyalty-balance')).toBeVisible();
  await expectAccessible(page, 'shop account');
});
