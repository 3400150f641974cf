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
const PUBLISH_POLLS = 120;
const POLL_MS = 250;

const hubAt = (index: number) => bestSellerAt(FIRST_HUB + index * (PARTNERS + 1));
const partnersOf = (index: number) =>
  Array.from({ length: PARTNERS }, (_, i) => bestSellerAt(FIRST_HUB + index * (PARTNERS + 1) + i + 1));

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * GET /v1/recommendations for SKUs with published pairs: till sales pair each
 * hub with its partners, then the scenario waits until the lists are
 * published (right after each sale, or by the dispatcher) before timing.
 */
export const recommendationsScenario: Scenario = {
  name: 'recommendations',
  summary: `GET /v1/recommendations?sku= round-robin over ${HUBS} SKUs, each bought together with ${PARTNERS} others (KV only)`,
  shape: { connections: 1, duration: 6 },
  warmup: 1,
  readsMirror: false,
  prepare: async ({ baseUrl, runId, authSecret }) => {
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
    const reader = createAisleClient({ baseUrl });
    for (const index of hubs) await waitForPublished(reader, hubAt(index));
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

async function waitForPublished(reader: ReturnType<typeof createAisleClient>, sku: string): Promise<void> {
  for (let poll = 0; poll < PUBLISH_POLLS; poll += 1) {
    const found = await preparing(() => reader.GET('/v1/recommendations', { params: { query: { sku } } }));
    if (found.items.length >= PARTNERS) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`the bought-together list of ${sku} was not published`);
}
