import { createApp } from './app';
import { runScheduledDispatch } from './outbox/scheduled';

export { CartDO } from '../durable-objects/cart/cart';
export { ShopperDO } from '../durable-objects/shopper/shopper';
export { StockDO } from '../durable-objects/stock/stock';

const app = createApp();

export default {
  fetch: app.fetch,
  scheduled: (_controller, env, ctx) => ctx.waitUntil(runScheduledDispatch(env)),
} satisfies ExportedHandler<Env>;
