import { createApp } from './app';
import type { EventsMessage } from './lib/announce';
import { runScheduledDispatch } from './outbox/scheduled';
import { consumeEvents } from './webhooks/consumer';

export { AvailabilityMirrorDO } from '../durable-objects/availability/mirror';
export { CartDO } from '../durable-objects/cart/cart';
export { LedgerShipperDO } from '../durable-objects/ledger/shipper';
export { ShopperDO } from '../durable-objects/shopper/shopper';
export { StockDO } from '../durable-objects/stock/stock';

const app = createApp();

export default {
  fetch: app.fetch,
  scheduled: (_controller, env, ctx) => ctx.waitUntil(runScheduledDispatch(env)),
  // The EVENTS queue (wrangler.toml): new events fanned out to webhook endpoints, deliveries due again.
  queue: (batch, env) => consumeEvents(batch, env),
} satisfies ExportedHandler<Env, EventsMessage>;
