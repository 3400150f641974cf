import type { OrderRecord } from '../db/orders';
import type { OrderView } from '../schemas/orders';
import { signPickupPass } from './pickup-pass';

/**
 * An order as the API shows it. The pickup code (and the pass carrying it)
 * is for the shopper and ops; a till is shown the order, and the shopper
 * shows the till the code.
 */
export async function orderView(
  order: OrderRecord,
  options: { pickupCode: boolean; signingSecret: string },
): Promise<OrderView> {
  const showCode = options.pickupCode && order.pickupCode !== null && order.locationId !== null;
  const fulfillment: OrderView['fulfillment'] = { type: order.fulfillmentType };
  if (order.locationId) fulfillment.locationId = order.locationId;
  if (showCode && order.pickupCode) fulfillment.pickupCode = order.pickupCode;
  const view: OrderView = {
    id: order.id,
    number: order.number,
    channel: order.channel as OrderView['channel'],
    customerId: order.customerId,
    status: order.status,
    fulfillment,
    lines: order.lines.map(({ sku, quantity, unitAmount, discount, lineTotal }) => ({
      sku,
      quantity,
      unitAmount,
      discount,
      lineTotal,
    })),
    totals: { subtotal: order.subtotal, discount: order.discount, total: order.total },
    currency: order.currency,
    payment: order.payment ? { method: order.payment.method, status: order.payment.status } : null,
    createdAt: order.createdAt.toISOString(),
  };
  if (showCode && order.pickupCode && order.locationId) {
    view.pickupPass = await signPickupPass(
      { orderId: order.id, orderNumber: order.number, locationId: order.locationId, pickupCode: order.pickupCode },
      options.signingSecret,
    );
  }
  return view;
}
