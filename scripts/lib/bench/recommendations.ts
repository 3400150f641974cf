import { createAisleClient } from '../../../src/client';
import { signDevToken } from '../dev-token';
import { bestSellerAt, HOT_STORE } from './dataset';
import { inParallel } from './load-dataset';
import { preparing } from './retry';
import type { Scenario } from './scenarios';

// SKUs asked about round-robin, each sold with PARTNERS others before the clock starts.
const HUBS = 10;
const PARTNERS = 8;
// Offset into the best sellers, away from the SKUs the other scenarios pick first.
const FIRST_HUB = 1500;
const CASH = 1_000_000;
// Long enough for a BENCH_URL server's own cron, which runs every minute.
const PUBLISH_POLLS = 300;
const POLL_MS = 250;

const hubAt = (index: number) => bestSellerAt(FIRST_HUB + index * (PARTNERS + 1));
const partnersOf = (index: number) =>
  Array.from({ length: PARTNERS }, (_, i) => bestSellerAt(FIRST_HUB + index * (PARTNERS + 1) + i + 1));

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * GET /v1/recommendations for SKUs with published pairs: till sales pair each
 * hub with its partners, the cron's dispatcher publishes them (run here at
 * once; a BENCH_URL server's within a minute), and the scenario waits until
 * the lists are there before timing.
 */
export const recommendationsScenario: Scenario = {
  name: 'recommendations',
  summary: `GET /v1/recommendations?sku= round-robin over ${HUBS} SKUs, each bought together with ${PARTNERS} others (KV only)`,
  shape: { connections: 1, duration: 6 },
  warmup: 1,
  readsMirror: false,
  prepare: async ({ baseUrl, runId, authSecret, runCron }) => {
    const till = createAisleClient({
      baseUrl,
      token: await signDevToken({ role: 'pos', sub: `bench-${runId}-recs-till`, loc: HOT_STORE }, authSecret),
    });
    const hubs = Array.from({ length: HUBS }, (_, index) => index);
    await inParallel(hubs, 4, async (index) => {
      const lines = [hubAt(index), ...partnersOf(index)].map((sku) => ({ sku, quantity: 1 }));
      await preparing(() =>
        till.POST('/v1/pos/sales', {
          body: {
            saleId: `bench-${runId}-recs-${index}`,
            occurredAt: new Date().toISOString(),
            lines,
            payments: [{ tender: 'cash', amount: CASH }],
          },
        }),
      );
    });
    await waitForPublished(createAisleClient({ baseUrl }), hubs.map(hubAt), runCron);
    let turn = 0;
    return () => {
      const index = turn++ % HUBS;
      const sku = hubAt(index);
      // Other scenarios' baskets may pair the hub with more SKUs: its own partners must all be there.
      const partners = partnersOf(index);
      return {
        method: 'GET',
        path: `/v1/recommendations?sku=${sku}&limit=50`,
        check: (status, body) =>
          status === 200 &&
          isObject(body) &&
          body.sku === sku &&
          Array.isArray(body.items) &&
          partners.every((partner) => (body.items as unknown[]).some((item) => isObject(item) && item.sku === partner)),
      };
    };
  },
};

/** Runs the cron (where the bench can) and polls until every SKU's list holds its partners. */
async function waitForPublished(
  reader: ReturnType<typeof createAisleClient>,
  skus: readonly string[],
  runCron: (() => Promise<void>) | null,
): Promise<void> {
  let waiting = [...skus];
  for (let poll = 0; poll < PUBLISH_POLLS; poll += 1) {
    // Each run drains what is due for at most half a minute; the hubs' sales are the newest tasks.
    await runCron?.();
    const published = await Promise.all(
      waiting.map(async (sku) => {
        const found = await preparing(() => reader.GET('/v1/recommendations', { params: { query: { sku } } }));
        return found.items.length >= PARTNERS;
      }),
    );
    waiting = waiting.filter((_, i) => !published[i]);
    if (waiting.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`the bought-together lists of ${waiting.join(', ')} were not published`);
}
