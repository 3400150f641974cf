// Browser test 6 and the ops part of 7 (issue #18): the KPI charts and figures follow orders just made, a failing
// webhook delivery shows as failed and is retried from the console, and every main ops screen passes axe.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { money } from '../apps/shared/money';
import { ok, type AisleClient, type Schemas } from '../src/client';
import { demoProducts } from '../scripts/lib/demo-data';
import { apiAs, expectAccessible, screenshot, signIn, uniqueId } from './helpers';

const STORE = 'store-lincoln-park';
const DAY_MS = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);

/** A webhook receiver that always fails: 500, asking not to be retried for an hour (only a manual retry comes). */
async function failingReceiver(): Promise<{ server: Server; url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    request.resume();
    request.on('end', () => {
      requests.push(String(request.headers['webhook-id']));
      response.writeHead(500, { 'content-type': 'text/plain', 'retry-after': '3600' });
      response.end('receiver down');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/hooks/aisle`, requests };
}

const kpisOf = (ops: AisleClient, from: string, to: string) =>
  ok(ops.GET('/v1/admin/kpis', { params: { query: { from, to } } }));
const channelOf = (kpis: Schemas['Kpis'], channel: Schemas['Channel']) =>
  kpis.channels.find((row) => row.channel === channel) as Schemas['Kpis']['channels'][number];

/** A web checkout (pickup at the store) and a till sale at the store, each of one unit of `sku`. */
async function makeOrders(ops: AisleClient, sku: string) {
  await ok(
    ops.POST('/v1/admin/inventory', {
      body: { movements: [{ id: uniqueId('mv_ops'), sku, locationId: STORE, type: 'adjust', quantity: 2 }] },
    }),
  );
  const shopper = await apiAs('customer', { sub: uniqueId('cus_ops') });
  await ok(shopper.POST('/v1/cart/items', { body: { sku, quantity: 1 } }));
  await ok(shopper.PUT('/v1/cart/fulfillment', { body: { type: 'pickup', locationId: STORE } }));
  const online = await ok(
    shopper.POST('/v1/checkout', {
      params: { header: { 'idempotency-key': uniqueId('key') } },
      body: { payment: { method: 'test' } },
    }),
  );
  const till = await apiAs('pos', { sub: uniqueId('till_ops'), loc: STORE });
  const sale = await ok(
    till.POST('/v1/pos/sales', {
      body: {
        saleId: uniqueId('sale_ops'),
        occurredAt: new Date().toISOString(),
        lines: [{ sku, quantity: 1 }],
        payments: [{ tender: 'cash', amount: 1_000_000 }],
      },
    }),
  );
  return { online, sale };
}

// A desktop console: tall enough for the KPI figures and charts in one screenshot.
test.use({ viewport: { width: 1280, height: 1000 } });

async function open(page: Page, route: string, heading: string) {
  await page.goto(`/ops/#/${route}`);
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

test('ops: KPI charts and figures follow new orders; a failing webhook delivery is retried from the console', async ({
  page,
}) => {
  const ops = await apiAs('ops', { sub: uniqueId('ops') });
  const receiver = await failingReceiver();
  try {
    await signIn(page, 'ops', uniqueId('ops_console'));

    // The receiver's endpoint, added in the console: its signing secret is shown once.
    const endpointId = uniqueId('erp');
    await open(page, 'webhooks', 'Webhooks');
    await page.getByLabel('Endpoint id').fill(endpointId);
    await page.getByLabel('URL').fill(receiver.url);
    await page.getByLabel(/^Events/).fill('order.placed');
    await page.getByRole('button', { name: 'Save endpoint' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Signing secret' })).toContainText('whsec_');
    const endpoint = await ok(ops.GET('/v1/admin/webhooks/{id}', { params: { path: { id: endpointId } } }));
    expect(endpoint).toMatchObject({ url: receiver.url, events: ['order.placed'], active: true });

    // The console's default range: the last seven days, today included.
    const [from, to] = [day(-6), day(0)];
    const before = await kpisOf(ops, from, to);
    const sku = (demoProducts[0] as Schemas['ProductUpsert']).sku;
    const { online, sale } = await makeOrders(ops, sku);
    const after = await kpisOf(ops, from, to);
    const today = await kpisOf(ops, to, to);
    // The API counts both orders: the page is compared with figures that include them.
    expect(channelOf(after, 'web').revenue - channelOf(before, 'web').revenue).toBe(online.totals.total);
    expect(channelOf(after, 'pos').revenue - channelOf(before, 'pos').revenue).toBe(sale.totals.total);
    expect(after.totals.orders - before.totals.orders).toBe(2);

    // Orders: both channels' orders are listed; the channel filter keeps only the till's.
    await open(page, 'orders', 'Orders');
    const orders = page.getByRole('table', { name: 'Orders' });
    await expect(orders.getByRole('row', { name: new RegExp(online.number) })).toContainText('Web');
    await expect(orders.getByRole('row', { name: new RegExp(sale.number) })).toContainText('Till (POS)');
    await expectAccessible(page, 'ops orders');
    await screenshot(page, 'ops-orders');
    await page.getByLabel('Channel').selectOption('pos');
    await expect(orders.getByRole('row', { name: new RegExp(sale.number) })).toBeVisible();
    await expect(orders.getByRole('row', { name: new RegExp(online.number) })).toHaveCount(0);
    // Status and location filter in the API's listing: the sale is completed, the pickup order placed.
    await page.getByLabel('Channel').selectOption('');
    await page.getByLabel('Status').selectOption('placed');
    await expect(orders.getByRole('row', { name: new RegExp(online.number) })).toBeVisible();
    await expect(orders.getByRole('row', { name: new RegExp(sale.number) })).toHaveCount(0);
    await page.getByLabel('Location').selectOption('store-hyde-park');
    await expect(page.getByText('No order matches these filters.')).toBeVisible();

    // KPIs: the table shows the API's figures for the range, and the chart's last point is today's revenue.
    await open(page, 'kpis', 'KPIs');
    const byChannel = page.getByRole('table', { name: 'By channel' });
    for (const channel of ['web', 'pos'] as const) {
      const row = byChannel.locator(`tr[data-channel="${channel}"]`);
      await expect(row.locator('td').nth(0)).toHaveText(String(channelOf(after, channel).orders));
      await expect(row.locator('td').nth(1)).toHaveText(money(channelOf(after, channel).revenue, after.currency));
    }
    await expect(byChannel.locator('tr[data-channel="total"] td').nth(1)).toHaveText(
      money(after.totals.revenue, after.currency),
    );
    const revenueChart = page.getByRole('figure', { name: 'Revenue per channel' });
    await expect(revenueChart.locator('canvas')).toBeVisible();
    const plot = revenueChart.locator('.u-over');
    const box = await plot.boundingBox();
    // The cursor snaps to the nearest day: the right edge is today, whose values the legend then shows.
    await plot.hover({ position: { x: (box?.width ?? 2) - 2, y: 10 } });
    const legendValue = (label: string) =>
      revenueChart.locator('.u-legend .u-series', { hasText: label }).locator('.u-value');
    await expect(legendValue('Web')).toHaveText(money(channelOf(today, 'web').revenue, today.currency));
    await expect(legendValue('Till (POS)')).toHaveText(money(channelOf(today, 'pos').revenue, today.currency));
    await expect(page.getByRole('table', { name: 'By day' }).getByRole('row', { name: new RegExp(to) })).toContainText(
      money(channelOf(today, 'web').revenue, today.currency),
    );
    await expectAccessible(page, 'ops KPIs');
    await screenshot(page, 'ops-kpis');
    // A range the API refuses: its problem+json `detail` is shown, not a stack.
    const refused = await ops.GET('/v1/admin/kpis', { params: { query: { from: day(1), to } } });
    expect(refused.response.status).toBe(400);
    await page.getByLabel('From').fill(day(1));
    await page.getByRole('button', { name: 'Show' }).click();
    const problem = page.getByRole('alert');
    await expect(problem).toContainText(String(refused.error?.detail));
    await expect(problem).toContainText('must be after from');

    // Stock: three new products at the store, one low, one out and one in stock, with the staff figures.
    const tag = uniqueId('stk');
    const [low, out, plenty] = ['LOW', 'OUT', 'OK'].map((suffix) => `${tag}-${suffix}`) as [string, string, string];
    await ok(
      ops.PUT('/v1/admin/products', {
        body: { products: [low, out, plenty].map((newSku) => ({ sku: newSku, title: `Stock check ${newSku}` })) },
      }),
    );
    await ok(
      ops.POST('/v1/admin/inventory', {
        body: {
          movements: [
            { id: uniqueId('mv_low'), sku: low, locationId: STORE, type: 'set', quantity: 3 },
            { id: uniqueId('mv_out'), sku: out, locationId: STORE, type: 'set', quantity: 0 },
            { id: uniqueId('mv_ok'), sku: plenty, locationId: STORE, type: 'set', quantity: 40 },
          ],
        },
      }),
    );
    const { items } = await ok(
      ops.GET('/v1/availability', { params: { query: { skus: `${low},${out},${plenty}`, locationId: STORE } } }),
    );
    const levelOf = (wanted: string) =>
      items.find((item) => item.sku === wanted)?.locations.find((location) => location.locationId === STORE);
    expect([low, out, plenty].map((wanted) => levelOf(wanted)?.status)).toEqual([
      'low_stock',
      'out_of_stock',
      'in_stock',
    ]);
    await open(page, 'stock', 'Stock');
    await page.getByLabel('Location').selectOption(STORE);
    await page.getByLabel('Product').fill(tag);
    await page.getByRole('button', { name: 'Search' }).click();
    const stockTable = page.getByRole('table', { name: 'Stock' });
    const stockRow = (wanted: string) => stockTable.getByRole('row', { name: new RegExp(wanted) });
    await expect(stockRow(low).locator('td').nth(1)).toHaveText(String(levelOf(low)?.onHand));
    await expect(stockRow(low).locator('td').nth(4)).toHaveText(String(levelOf(low)?.available));
    await expect(stockRow(low)).toHaveClass(/low_stock/);
    await expect(stockRow(low)).toContainText('Low stock');
    await expect(stockRow(out)).toHaveClass(/out_of_stock/);
    await expect(stockRow(out)).toContainText('Out of stock');
    await expect(stockRow(plenty)).not.toHaveClass(/low_stock|out_of_stock/);
    await expect(page.getByText('1 low and 1 out of stock among 3 products')).toBeVisible();
    await expectAccessible(page, 'ops stock');
    await screenshot(page, 'ops-stock');
    await page.getByLabel('Only low or out of stock').check();
    await expect(stockTable.getByRole('row')).toHaveCount(3);
    await expect(stockRow(plenty)).toHaveCount(0);

    // Webhooks: both deliveries failed once (the receiver answered 500) and wait an hour for their retry.
    await expect.poll(() => receiver.requests.length, { timeout: 20_000 }).toBe(2);
    const checkoutEvent = `${online.id}:order.placed`;
    expect(receiver.requests).toContain(checkoutEvent);
    await open(page, 'webhooks', 'Webhooks');
    await expect(page.getByRole('table', { name: 'Webhook endpoints' })).toContainText(receiver.url);
    await expectAccessible(page, 'ops webhooks');
    await screenshot(page, 'ops-webhooks');
    await page.getByRole('link', { name: endpointId }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Deliveries to ${endpointId}` })).toBeVisible();
    const delivery = page
      .getByRole('table', { name: 'Deliveries' })
      .getByRole('row', { name: new RegExp(checkoutEvent) });
    await expect(delivery).toContainText('Failed, will retry');
    await expect(delivery).toContainText('500');
    await expect(delivery.locator('[data-field="attempts"]')).toHaveText('1');
    await expectAccessible(page, 'ops deliveries');
    await screenshot(page, 'ops-deliveries');
    // The receiver asked for an hour (Retry-After), so only the console's retry can bring a second attempt now.
    const dueAt = async () => {
      const { deliveries } = await ok(
        ops.GET('/v1/admin/webhooks/{id}/deliveries', { params: { path: { id: endpointId } } }),
      );
      return Date.parse(deliveries.find((found) => found.eventId === checkoutEvent)?.nextAttemptAt ?? '');
    };
    const firstDue = await dueAt();
    expect(firstDue - Date.now()).toBeGreaterThan(30 * 60_000);
    const nextShown = await delivery.locator('[data-field="next"]').innerText();
    await delivery.getByRole('button', { name: /^Retry now/ }).click();
    await expect(page.getByRole('status').filter({ hasText: 'is due now' })).toBeVisible();
    await expect.poll(() => receiver.requests.filter((id) => id === checkoutEvent).length, { timeout: 20_000 }).toBe(2);
    expect(receiver.requests).toHaveLength(3);
    // The retry starts a fresh schedule (attempts count from 0 again): it failed once more, due an hour after it.
    await expect.poll(dueAt).toBeGreaterThan(firstDue);
    await expect(delivery.locator('[data-field="next"]')).not.toHaveText(nextShown);
    await expect(delivery).toContainText('Failed, will retry');
    await page.getByLabel('Status').selectOption('dead');
    await expect(page.getByText('No delivery with status dead.')).toBeVisible();

    // Outbox: dead tasks (none on a healthy stack), with retry when there are.
    await open(page, 'outbox', 'Outbox');
    await expect(page.getByText('Nothing here.').or(page.getByRole('table', { name: 'Outbox entries' }))).toBeVisible();
    await expectAccessible(page, 'ops outbox');
    await screenshot(page, 'ops-outbox');
  } finally {
    await new Promise((resolve) => receiver.server.close(resolve));
  }
});

test('ops: the Orders screen lists 25 at a time, and Show more the next ones, each order once', async ({ page }) => {
  // A store no other browser test sells at: its till sales are all the filters keep, whatever ran before.
  const store = 'store-wicker-park';
  const till = await apiAs('pos', { sub: uniqueId('till_more'), loc: store });
  const sku = (demoProducts[0] as Schemas['ProductUpsert']).sku;
  // One more than two pages' worth: a sale at a till is never refused, so no stock is counted in first.
  for (let i = 0; i < 26; i += 1) {
    await ok(
      till.POST('/v1/pos/sales', {
        body: {
          saleId: uniqueId('sale_more'),
          occurredAt: new Date().toISOString(),
          lines: [{ sku, quantity: 1 }],
          payments: [{ tender: 'cash', amount: 1_000_000 }],
        },
      }),
    );
  }
  const ops = await apiAs('ops', { sub: uniqueId('ops') });
  const numbers: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await ok(
      ops.GET('/v1/admin/orders', { params: { query: { channel: 'pos', locationId: store, limit: 100, cursor } } }),
    );
    numbers.push(...page.orders.map((order) => order.number));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  expect(numbers.length).toBeGreaterThanOrEqual(26);

  await signIn(page, 'ops', uniqueId('ops_console'));
  await open(page, 'orders', 'Orders');
  await page.getByLabel('Channel').selectOption('pos');
  await page.getByLabel('Location').selectOption(store);
  const rows = page.getByRole('table', { name: 'Orders' }).locator('tbody tr');
  await expect(rows).toHaveCount(25);
  await expect(rows.locator('th')).toHaveText(numbers.slice(0, 25));
  while (await page.getByRole('button', { name: 'Show more' }).isVisible()) {
    const shown = await rows.count();
    await page.getByRole('button', { name: 'Show more' }).click();
    await expect(rows).toHaveCount(Math.min(shown + 25, numbers.length));
  }
  await expect(rows.locator('th')).toHaveText(numbers);
});
