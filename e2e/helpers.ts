import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { createAisleClient, ok, type AisleClient } from '../src/client';
import type { Role } from '../src/domain/roles';

/** The stack playwright.config.ts started. */
export const baseUrl = (): string => `http://127.0.0.1:${process.env.AISLE_E2E_PORT}`;

let counter = 0;
/** An id no other run used: the stack keeps its data between tests. */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}_${Date.now().toString(36)}${counter}`;
}

/** A client acting as `role`, with a token from the dev sign-in route the apps use. */
export async function apiAs(role: Role, claims: { sub?: string; loc?: string } = {}): Promise<AisleClient> {
  const anonymous = createAisleClient({ baseUrl: baseUrl() });
  const { token } = await ok(anonymous.POST('/v1/dev/tokens', { body: { role, ...claims } }));
  return createAisleClient({ baseUrl: baseUrl(), token });
}

/** A product of its own, priced online and stocked `units` at `locationId` only: no other test touches it. */
export async function ownProduct(title: string, units: number, locationId: string): Promise<string> {
  const ops = await apiAs('ops');
  // After the seeded SKUs in the catalog's order, so the seeded pages look the same whatever ran before.
  const sku = uniqueId('ZZ-E2E').toUpperCase().replace(/_/g, '-');
  await ok(ops.PUT('/v1/admin/products', { body: { products: [{ sku, title: `${title} ${sku}` }] } }));
  await ok(ops.PUT('/v1/admin/prices', { body: { prices: [{ priceBookId: 'online-usd', sku, unitAmount: 2500 }] } }));
  await setStock(sku, locationId, units);
  return sku;
}

/** Counts `units` of `sku` at `locationId` (an absolute count, under a movement id of its own). */
export async function setStock(sku: string, locationId: string, units: number): Promise<void> {
  const ops = await apiAs('ops');
  const movement = { id: uniqueId('e2e-count'), sku, locationId, type: 'set' as const, quantity: units };
  await ok(ops.POST('/v1/admin/inventory', { body: { movements: [movement] } }));
}

/** Signs in through the app's dev sign-in form, as a person would. */
export async function signIn(page: Page, app: 'shop' | 'till' | 'ops', sub: string): Promise<void> {
  await page.goto(`/${app}`);
  await page.getByLabel(/id$/).fill(sub);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(sub, { exact: true })).toBeVisible();
}

/** No serious or critical accessibility violation on the page as it stands (axe-core's WCAG 2.1 AA rules). */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const grave = violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
  expect(grave, `${screen}: serious or critical axe violations`).toEqual([]);
}

/** A screenshot for docs/screenshots (committed; the README shows them). */
export const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: `docs/screenshots/${name}.png`, fullPage: false });
