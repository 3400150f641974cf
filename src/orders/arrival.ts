import { recordArrival, recordEventOnce } from '../db/order-queue';
import { mayCheckIn, type Arrival, type OrderViewer } from '../domain/orders';
import { ApiError } from '../lib/errors';
import type { OrderView } from '../schemas/orders';
import { customerArrived } from './events';
import { presentOrder, visibleOrder, type OrderDeps } from './orders';

/**
 * Curbside check-in: the order's shopper says they are outside. One
 * transaction reads the order locked (as changeOrder does), records the
 * arrival and writes `order.customer_arrived`. A repeat check-in (they moved
 * to another spot) replaces the spot and note but keeps the first arrival
 * time, so they keep their place in the store's queue, and adds no second
 * event: the event says the shopper is here, which was already said.
 */
export async function checkIn(
  deps: OrderDeps,
  viewer: OrderViewer,
  orderId: string,
  arrival: Arrival,
): Promise<OrderView> {
  const arrived = await deps.db.transaction(async (tx) => {
    const order = await visibleOrder(tx, viewer, orderId, { lock: true });
    const check = mayCheckIn(order);
    // `orderStatus`, not `status`: that member of a problem is its HTTP status (RFC 9457).
    if (!check.ok) throw new ApiError('conflict', check.detail, { extensions: { orderStatus: order.status } });
    const arrivedAt = await recordArrival(tx, orderId, arrival);
    await recordEventOnce(tx, customerArrived(order, arrival, arrivedAt));
    return { ...order, arrivedAt, arrival };
  });
  return presentOrder(deps, viewer, arrived);
}
