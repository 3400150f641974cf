import { listLocationOrders } from '../db/order-queue';
import { STORE_QUEUE_FULFILLMENTS, type OrderViewer, type StoreQueueStatus } from '../domain/orders';
import type { OrderView } from '../schemas/orders';
import { presentOrder, type OrderDeps } from './orders';

const QUEUE_LENGTH = 100;

/**
 * The orders waiting at a till's store, shoppers already outside first (in
 * the order they arrived), then the rest oldest first. A till is shown no
 * pickup code: the shopper shows it.
 */
export async function storeQueue(
  deps: Pick<OrderDeps, 'db' | 'signingSecret'>,
  till: OrderViewer & { locationId: string },
  status: StoreQueueStatus,
): Promise<OrderView[]> {
  const orders = await listLocationOrders(deps.db, {
    locationId: till.locationId,
    status,
    fulfillments: STORE_QUEUE_FULFILLMENTS,
    limit: QUEUE_LENGTH,
  });
  return Promise.all(orders.map((order) => presentOrder(deps, till, order)));
}
