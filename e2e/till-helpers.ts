import { expect, type Page } from '@playwright/test';
import { ok } from '../src/client';
import { apiAs, uniqueId } from './helpers';

/** Signs in through the till's dev sign-in form as a till of `storeName`, as a person would. */
export async function signInTill(page: Page, sub: string, storeName: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 800 }); // a tablet in landscape
  await page.goto('/till');
  await page.getByLabel('User id').fill(sub);
  await page.getByRole('combobox', { name: 'Store' }).selectOption({ label: storeName });
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('.who')).toContainText(sub);
  // The catalog pack is fetched (and cached for offline use) once the till is signed in.
  await expect(page.getByText(/^Catalog \w{8}: \d+ products$/)).toBeVisible();
}

/** Puts exactly `quantity` units of `sku` on the shelf at `locationId` (ops), so the test knows the level. */
export async function setStock(sku: string, locationId: string, quantity: number): Promise<void> {
  const ops = await apiAs('ops');
  await ok(
    ops.POST('/v1/admin/inventory', {
      body: { movements: [{ id: uniqueId('e2e-set'), sku, locationId, type: 'set', quantity }] },
    }),
  );
}

export async function availableAt(sku: string, locationId: string): Promise<number> {
  const ops = await apiAs('ops');
  const { items } = await ok(ops.GET('/v1/availability', { params: { query: { skus: sku, locationId } } }));
  return items[0]?.available ?? Number.NaN;
}

/** Adds a line to the sale through the scan form (a scanner types the SKU and Enter). */
export async function scan(page: Page, sku: string, quantity: number): Promise<void> {
  await page.getByLabel('SKU', { exact: true }).fill(sku);
  await page.getByLabel('Quantity', { exact: true }).fill(String(quantity));
  await page.getByLabel('SKU', { exact: true }).press('Enter');
  await expect(page.getByRole('table', { name: 'Basket' })).toContainText(sku);
}
