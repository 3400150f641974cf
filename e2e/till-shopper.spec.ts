import { expect, test } from '@playwright/test';
import { ok, type AisleClient } from '../src/client';
import { apiAs, expectAccessible, screenshot, uniqueId } from './helpers';
import { scan, setStock, signInTill } from './till-helpers';

const TILL_STORE = 'store-lincoln-park';
const PICKUP_STORE = 'store-loop';
const BOUGHT_ONLINE = 'BTL-STEEL-SKY';
const IN_CART = 'CNDL-SOY-FIG';
const WISHED = 'TOTE-CNV-IND';
const SOLD_AT_TILL = 'NOTE-A5-DOT';

async function loyalty(shopper: AisleClient) {
  return ok(shopper.GET('/v1/loyalty'));
}

test('the till finds an online shopper by email, sees their cart and wish list, sells to them and returns their online order', async ({
  page,
}) => {
  // One point per dollar paid (the bench's program): the earning and reversing are then easy to follow.
  const ops = await apiAs('ops');
  await ok(ops.PUT('/v1/admin/loyalty', { body: { earn: { points: 1, perAmount: 100 }, pointValue: 1, tiers: [] } }));
  await setStock(BOUGHT_ONLINE, PICKUP_STORE, 10);
  await setStock(WISHED, TILL_STORE, 4);
  await setStock(SOLD_AT_TILL, TILL_STORE, 10);

  // The shopper online: a profile with an email, an order picked up at another store, then a cart and a wish.
  const sub = uniqueId('cus_till');
  const email = `${sub}@example.com`;
  const shopper = await apiAs('customer', { sub });
  const phone = `+1312${String(Date.now()).slice(-7)}`;
  await ok(shopper.PUT('/v1/me', { body: { name: 'Ada Lovelace', email, phone } }));
  await ok(shopper.POST('/v1/cart/items', { body: { sku: BOUGHT_ONLINE, quantity: 2 } }));
  await ok(shopper.PUT('/v1/cart/fulfillment', { body: { type: 'pickup', locationId: PICKUP_STORE } }));
  const online = await ok(
    shopper.POST('/v1/checkout', {
      params: { header: { 'idempotency-key': uniqueId('checkout') } },
      body: { payment: { method: 'test' } },
    }),
  );
  const loopTill = await apiAs('pos', { sub: uniqueId('till_loop'), loc: PICKUP_STORE });
  await ok(loopTill.POST('/v1/orders/{id}/ready', { params: { path: { id: online.id } } }));
  await ok(
    loopTill.POST('/v1/orders/{id}/pickup', {
      params: { path: { id: online.id } },
      body: { pickupCode: online.fulfillment.pickupCode! },
    }),
  );
  await ok(shopper.POST('/v1/cart/items', { body: { sku: IN_CART, quantity: 1 } }));
  await ok(shopper.PUT('/v1/wishlist/items/{sku}', { params: { path: { sku: WISHED } } }));
  const earnedOnline = Math.floor(online.totals.total / 100);
  await expect.poll(async () => (await loyalty(shopper)).balance).toBe(earnedOnline);

  // The till looks the shopper up (the email in another case) and sees the 360 view.
  await signInTill(page, uniqueId('till_lp'), 'Aisle Lincoln Park');
  await page.getByRole('link', { name: 'Shopper' }).click();
  await page.getByLabel('Email or phone').fill(email.toUpperCase());
  await page.getByRole('button', { name: 'Look up' }).click();
  const card = page.getByRole('article', { name: 'Ada Lovelace' });
  await expect(card).toBeVisible();
  await expect(card.getByRole('table', { name: 'Online cart' })).toContainText(IN_CART);
  const wishList = card.getByRole('table', { name: 'Wish list' });
  await expect(wishList).toContainText(WISHED);
  await expect(wishList).toContainText('4 here');
  await expect(card.getByRole('table', { name: 'Recent orders' })).toContainText(online.number);
  await expect(card.getByTestId('loyalty-balance')).toHaveText(String(earnedOnline));
  await expectAccessible(page, 'till shopper');
  await screenshot(page, 'till-shopper');

  // A sale at the till, to this shopper, paid cash.
  await card.getByRole('button', { name: 'Attach to sale' }).click();
  await expect(page.getByText('Customer: Ada Lovelace')).toBeVisible();
  await scan(page, SOLD_AT_TILL, 1);
  await expect(page.getByTestId('sale-total')).not.toHaveText('$0.00');
  await page.getByLabel('Cash').check();
  await page.getByLabel(/^Cash given/).fill('50.00');
  await expect(page.getByTestId('change-due')).not.toHaveText('$0.00');
  await expectAccessible(page, 'till sale');
  await screenshot(page, 'till-sell');
  await page.getByRole('button', { name: 'Complete sale' }).click();
  await expect(page.getByRole('heading', { name: /^Receipt / })).toBeVisible();
  const receiptNumber = await page.getByTestId('receipt-number').innerText();
  await expectAccessible(page, 'till receipt');
  await screenshot(page, 'till-receipt');

  const { orders } = await ok(shopper.GET('/v1/orders'));
  const sale = orders.find((order) => order.channel === 'pos');
  expect(sale?.receipt?.number).toBe(receiptNumber);
  expect(sale?.lines.map((line) => [line.sku, line.quantity])).toEqual([[SOLD_AT_TILL, 1]]);
  const earnedAtTill = Math.floor(sale!.totals.total / 100);
  await expect.poll(async () => (await loyalty(shopper)).balance).toBe(earnedOnline + earnedAtTill);

  // Return one of the two bottles bought online, from the shopper's recent orders (found by phone now).
  await page.getByRole('link', { name: 'Shopper' }).click();
  await page.getByLabel('Email or phone').fill(phone);
  await page.getByRole('button', { name: 'Look up' }).click();
  const recent = page.getByRole('article', { name: 'Ada Lovelace' }).getByRole('table', { name: 'Recent orders' });
  await expect(recent).toContainText(sale!.number); // the till's sale, beside the online order
  await page.getByRole('link', { name: `Return order ${online.number}` }).click();
  await expect(page.getByRole('heading', { name: new RegExp(`^Order ${online.number}`) })).toBeVisible();
  await page.getByLabel(`Units of ${BOUGHT_ONLINE} to return`).fill('1');
  await page.getByRole('button', { name: 'Return selected items' }).click();
  await expect(page.getByRole('heading', { name: 'Returned' })).toBeVisible();
  await expectAccessible(page, 'till return');
  await screenshot(page, 'till-return');

  const { returns } = await ok(shopper.GET('/v1/orders/{id}/returns', { params: { path: { id: online.id } } }));
  expect(returns).toHaveLength(1);
  expect(returns[0]?.locationId).toBe(TILL_STORE);
  const bottleLine = online.lines.find((line) => line.sku === BOUGHT_ONLINE)!;
  expect(returns[0]?.refundTotal).toBe(Math.ceil(bottleLine.lineTotal / 2));
  await expect(page.getByTestId('refund-total')).toHaveText(`$${(returns[0]!.refundTotal / 100).toFixed(2)}`);
  const reversed = returns[0]!.loyaltyPointsReversed;

  // Returning more than is left is the API's problem, shown with its detail.
  await page.getByLabel(`Units of ${BOUGHT_ONLINE} to return`).fill('2');
  await page.getByRole('button', { name: 'Return selected items' }).click();
  const problem = page.locator('.problem[data-code="return_exceeds_purchase"]');
  await expect(problem).toBeVisible();
  await expect(problem).not.toContainText('could not be reached');
  expect(reversed).toBeGreaterThan(0);

  // The shopper's wallet reflects both: the till sale earned, the return took back its share.
  await expect.poll(async () => (await loyalty(shopper)).balance).toBe(earnedOnline + earnedAtTill - reversed);
  const { entries } = await loyalty(shopper);
  expect(entries.some((entry) => entry.kind === 'earn' && entry.orderId === sale!.id)).toBe(true);
  expect(entries.some((entry) => entry.kind === 'reverse' && entry.orderId === online.id)).toBe(true);
});
