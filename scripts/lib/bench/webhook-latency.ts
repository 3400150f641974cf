import { createServer, type IncomingMessage } from 'node:http';
import { createAisleClient } from '../../../src/client';
import { signDevToken } from '../dev-token';
import { freePort } from '../process';
import { bestSellerAt, HOT_STORE } from './dataset';
import type { LoadResult } from './load-run';
import { preparing } from './retry';

/** Sales rung up one after another, each an order.placed event delivered to the receiver. */
export const WEBHOOK_SALES = 50;
/** What the issue asks of the local stack, commit to receipt. */
export const WEBHOOK_TARGETS = { p50Ms: 1_000, p99Ms: 3_000 };
const WAIT_MS = 30_000;
const CASH = 1_000_000;

export interface WebhookLatencyResult extends LoadResult {
  met: boolean;
}

/**
 * webhook-latency: from a sale's commit (the order's `createdAt`, Postgres's
 * clock on this machine) to the moment a local receiver in this process has
 * the signed order.placed webhook, through the EVENTS queue. Sales go one at
 * a time, so each figure is one event's trip, not a queue under load.
 */
export async function runWebhookLatency(baseUrl: string, runId: string, authSecret: string) {
  const receiver = await startReceiver();
  try {
    const ops = createAisleClient({
      baseUrl,
      token: await signDevToken({ role: 'ops', sub: `bench-${runId}-webhooks` }, authSecret),
    });
    await preparing(() =>
      ops.PUT('/v1/admin/webhooks/{id}', {
        params: { path: { id: `bench-${runId}` } },
        body: { url: receiver.url, events: ['order.placed'], active: true },
      }),
    );
    const till = createAisleClient({
      baseUrl,
      token: await signDevToken({ role: 'pos', sub: `bench-${runId}-webhook-till`, loc: HOT_STORE }, authSecret),
    });
    const latencies: number[] = [];
    const started = performance.now();
    for (let index = 0; index < WEBHOOK_SALES; index += 1) {
      const order = await preparing(() =>
        till.POST('/v1/pos/sales', {
          body: {
            saleId: `bench-${runId}-webhook-${index}`,
            occurredAt: new Date().toISOString(),
            lines: [{ sku: bestSellerAt(2000 + index), quantity: 1 }],
            payments: [{ tender: 'cash', amount: CASH }],
          },
        }),
      );
      const receivedAt = await receiver.arrival(`${order.id}:order.placed`);
      latencies.push(receivedAt - Date.parse(order.createdAt));
    }
    return summarize(latencies, (performance.now() - started) / 1000);
  } finally {
    await receiver.close();
  }
}

function summarize(latencies: number[], seconds: number): WebhookLatencyResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? NaN;
  const p50Ms = at(0.5);
  const p99Ms = at(0.99);
  return {
    responses: latencies.length,
    errors: WEBHOOK_SALES - latencies.length,
    seconds,
    rps: latencies.length / seconds,
    p50Ms,
    p99Ms,
    firstError: null,
    met: p50Ms < WEBHOOK_TARGETS.p50Ms && p99Ms < WEBHOOK_TARGETS.p99Ms,
  };
}

/** A receiver that answers 204 and remembers when each webhook-id first arrived. */
async function startReceiver() {
  const arrivals = new Map<string, number>();
  const waiting = new Map<string, (at: number) => void>();
  const server = createServer((request: IncomingMessage, response) => {
    const at = Date.now();
    request.resume();
    request.on('end', () => {
      const id = request.headers['webhook-id'];
      if (typeof id === 'string' && !arrivals.has(id)) {
        arrivals.set(id, at);
        waiting.get(id)?.(at);
      }
      response.writeHead(204).end();
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    arrival: (id: string) =>
      new Promise<number>((resolve, reject) => {
        const seen = arrivals.get(id);
        if (seen !== undefined) return resolve(seen);
        const timer = setTimeout(() => reject(new Error(`webhook ${id} did not arrive in ${WAIT_MS} ms`)), WAIT_MS);
        waiting.set(id, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
