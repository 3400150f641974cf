import { expect, test, type Page } from '@playwright/test';
import { ok, type Schemas } from '../src/client';
import { apiAs, expectAccessible, screenshot, uniqueId } from './helpers';
import { availableAt, scan, setStock, signInTill } from './till-helpers';

const STORE = 'store-wicker-park';
// Socks: the stores' book sells them at 1500 at any quantity, while the online book (also in the pack, for
// every channel) drops to 1300 from three; offline pricing must pick the stores' book.
const SOCKS = 'SOCK-MER-M';
const STORE_PRICE = 1500;
const SKU = 'CAP-CANV-KHA';

/** The sales the till holds in IndexedDB (apps/till/store.ts), as it will upload them. */
async function queuedSales(page: Page): Promise<Schemas['PosSaleRequest'][]> {
  // A string, because this runs in the page (with the DOM) and the e2e files are typed for Node.
  const entries = (await page.evaluate(`new Promise((resolve, reject) => {
    const open = indexedDB.open('aisle-till');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const read = open.result.transaction('queue').objectStore('queue').getAll();
      read.onsuccess = () => resolve(read.result);
      read.onerror = () => reject(read.error);
    };
  })`)) as { sale: Schemas['PosSaleRequest'] }[];
  return entries.map((entry) => entry.sale);
}

test('an offline till sells twice from its cached catalog and, back online, each sale is recorded exactly once', async ({
  page,
  context,
}) => {
  await setStock(SOCKS, STORE, 20);
  await signInTill(page, uniqueId('till_offline'), 'Aisle Wicker Park');
  await expect(page.getByTestId('connection')).toHaveText('Online');

  // The network goes away: the browser reports it, and the till sells from the pack it cached.
  await context.setOffline(true);
  await expect(page.getByTestId('connection')).toHaveText('Offline: No network');

  await scan(page, SOCKS, 1);
  await page.getByRole('button', { name: 'Complete sale offline' }).click();
  await expect(page.getByRole('heading', { name: 'Queued offline' })).toBeVisible();
  await expect(page.getByTestId('queue-count')).toHaveText('1 sale(s) waiting to sync');

  await scan(page, SOCKS, 3);
  await page.getByLabel('Cash').check();
  await page.getByLabel(/^Cash given/).fill('100.00');
  await expect(page.getByTestId('change-due')).not.toHaveText('$0.00');
  await page.getByRole('button', { name: 'Complete sale offline' }).click();
  await expect(page.getByTestId('queue-count')).toHaveText('2 sale(s) waiting to sync');
  await expectAccessible(page, 'till offline sale');
  await screenshot(page, 'till-offline');

  const queued = await queuedSales(page);
  expect(queued).toHaveLength(2);
  expect(queued.every((sale) => sale.offline === true)).toBe(true);
  expect(queued.flatMap((sale) => sale.lines.map((line) => line.unitAmount))).toEqual([STORE_PRICE, STORE_PRICE]);
  expect(new Set(queued.map((sale) => sale.saleId)).size).toBe(2);

  // Back online: the till uploads its queue by itself and shows each sale's result.
  await context.setOffline(false);
  const lastSync = page.getByRole('table', { name: 'Last sync' });
  await expect(lastSync.getByRole('row')).toHaveCount(3); // the header and one row per sale
  await expect(lastSync.getByText('created')).toHaveCount(2);
  await expect(page.getByTestId('queue-count')).toHaveText('No sales waiting');
  await expect(page.getByTestId('connection')).toHaveText('Online');
  await screenshot(page, 'till-synced');

  // Uploading the very same sales again (a till that lost the answer) changes nothing: the same two
  // orders come back as replays, and the stock moved once per sale only (1 + 3 units).
  const till = await apiAs('pos', { sub: uniqueId('till_check'), loc: STORE });
  const { results } = await ok(
    till.POST('/v1/pos/sales/sync', { body: { sales: queued as unknown as Schemas['PosSyncRequest']['sales'] } }),
  );
  expect(results.map((result) => result.status)).toEqual(['replayed', 'replayed']);
  const orderIds = results.map((result) => result.orderId);
  expect(new Set(orderIds).size).toBe(2);
  for (const orderId of orderIds) await expect(lastSync).toContainText(orderId!);

  const ops = await apiAs('ops');
  for (const [index, result] of results.entries()) {
    const order = await ok(ops.GET('/v1/orders/{id}', { params: { path: { id: result.orderId! } } }));
    expect(order.channel).toBe('pos');
    expect(order.flags).toContain('offline');
    // The engine, pricing the sale again at its time, agrees with what the till charged from its pack.
    expect(order.flags).not.toContain('price_mismatch');
    expect(order.sale?.saleId).toBe(queued[index]?.saleId);
  }
  expect(await availableAt(SOCKS, STORE)).toBe(20 - 4);
});

test('the offline toggle, and a server that stops answering, also queue sales until the till syncs them', async ({
  page,
}) => {
  await setStock(SKU, STORE, 20);
  await signInTill(page, uniqueId('till_toggle'), 'Aisle Wicker Park');
  const lastSync = page.getByRole('table', { name: 'Last sync' });

  // The cashier switches offline mode on: the network is fine, the till sells from its pack anyway.
  await page.getByLabel('Offline mode').check();
  await expect(page.getByTestId('connection')).toHaveText('Offline: Offline mode is on');
  await scan(page, SKU, 1);
  await page.getByRole('button', { name: 'Complete sale offline' }).click();
  await expect(page.getByTestId('queue-count')).toHaveText('1 sale(s) waiting to sync');
  await page.getByLabel('Offline mode').uncheck();
  await expect(lastSync.getByText('created')).toHaveCount(1);
  await expect(page.getByTestId('queue-count')).toHaveText('No sales waiting');

  // The browser thinks it is online but no call reaches the API: the first failed call takes the till
  // offline, and it comes back by itself once /healthz answers again.
  await page.route('**/v1/**', (route) => route.abort('connectionrefused'));
  await page.route('**/healthz', (route) => route.abort('connectionrefused'));
  await scan(page, SKU, 1);
  await expect(page.getByTestId('connection')).toHaveText('Offline: The server cannot be reached');
  await page.getByRole('button', { name: 'Complete sale offline' }).click();
  await expect(page.getByTestId('queue-count')).toHaveText('1 sale(s) waiting to sync');
  await page.unrouteAll();
  await expect(page.getByTestId('connection')).toHaveText('Online', { timeout: 15_000 });
  await expect(lastSync.getByText('created')).toHaveCount(1);
  await expect(page.getByTestId('queue-count')).toHaveText('No sales waiting');
  expect(await availableAt(SKU, STORE)).toBe(20 - 2);
});
