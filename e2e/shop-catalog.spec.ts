import { expect, test } from '@playwright/test';
import { demoProducts } from '../scripts/lib/demo-data';
import { expectAccessible, screenshot, signIn, uniqueId } from './helpers';

test('the shop shows the seeded catalog, with no serious accessibility violation', async ({ page }) => {
  await signIn(page, 'shop', uniqueId('cus_catalog'));
  const products = page.getByRole('list', { name: 'Products' });
  await expect(products.getByRole('listitem')).toHaveCount(demoProducts.length);
  await expect(products.getByRole('heading', { name: 'Organic Cotton Tee (Black, M)' })).toBeVisible();
  await expectAccessible(page, 'shop catalog');
  await screenshot(page, 'shop-catalog');
});
