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

  await page.getByRole('searchbox', { name: 'Search products' }).fill('hoodie heather');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(products.getByRole('listitem')).toHaveCount(4);
  await expect(products.getByRole('link', { name: /^Fleece Hoodie \(Heather/ })).toHaveCount(4);
});
