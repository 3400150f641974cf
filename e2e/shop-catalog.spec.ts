import { expect, test } from '@playwright/test';
import { expectAccessible, screenshot, signIn, uniqueId } from './helpers';

test('the shop lists the seeded catalog a page at a time, with prices and stock, and finds by words', async ({
  page,
}) => {
  await signIn(page, 'shop', uniqueId('cus_catalog'));
  const products = page.getByRole('list', { name: 'Products' });
  await expect(products.getByRole('listitem')).toHaveCount(24);
  await expect(products.getByRole('link', { name: 'Canvas Cap (Khaki)' })).toBeVisible();
  // Each card's stock comes over its SKU's live socket; delivery is from the warehouse's 120 units.
  const cap = products.locator('[data-sku="CAP-CANV-KHA"]');
  await expect(cap.getByText(/In stock \(\d+\) for delivery/)).toBeVisible();
  await expect(cap.getByText('$')).toBeVisible();
  await expectAccessible(page, 'shop catalog');
  await screenshot(page, 'shop-catalog');

  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(products.getByRole('link', { name: 'Organic Cotton Tee (Black, M)' })).toBeVisible();

  // By keyboard alone: search with Enter, then open a result with Enter.
  await page.getByRole('searchbox', { name: 'Search products' }).fill('hoodie heather');
  await page.keyboard.press('Enter');
  await expect(products.getByRole('listitem')).toHaveCount(4);
  await expect(products.getByRole('link', { name: /^Fleece Hoodie \(Heather/ })).toHaveCount(4);
  await products.getByRole('link', { name: 'Fleece Hoodie (Heather Grey, M)' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Fleece Hoodie (Heather Grey, M)' })).toBeVisible();
  await expect(page.getByRole('table')).toContainText('Aisle Lincoln Park');
  await expectAccessible(page, 'shop product');
  await screenshot(page, 'shop-product');

  // A promotion shows as soon as the quantity qualifies: the seeded mugs' "buy 2, get 1 free".
  await page.goto('/shop/#/product/MUG-STONE-SAN');
  await expect(page.getByRole('heading', { name: 'Stoneware Mug 350 ml (Sand)' })).toBeVisible();
  await expect(page.locator('.quote .price')).toHaveText('$18.00');
  await expect(page.getByRole('list', { name: 'Promotions' })).toHaveCount(0);
  await page.getByLabel('Quantity').fill('3');
  await expect(page.getByRole('list', { name: 'Promotions' })).toContainText('Mugs: buy 2, get 1 free: −$18.00');
  await expect(page.locator('.quote .price')).toContainText('$36.00 for 3');
});
