import type { OrderRecord } from '../db/orders';
import type { SaleFlag } from '../domain/pos';
import type { OrderView } from '../schemas/orders';
import { signPickupPass } from './pickup-pass';

type LineView = OrderView['lines'][number];

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
  if (order.arrivedAt) fulfillment.arrivedAt = order.arrivedAt.toISOString();
  if (order.arrival?.spot) fulfillment.spot = order.arrival.spot;
  if (order.arrival?.note) fulfillment.note = order.arrival.note;
  const [first] = order.payments;
  const view: OrderView = {
    id: order.id,
    number: order.number,
    channel: order.channel,
    customerId: order.customerId,
    status: order.status,
    fulfillment,
    lines: order.lines.map(lineView),
    totals: { subtotal: order.subtotal, discount: order.discount, total: order.total },
    currency: order.currency,
    payment: first ? { method: first.method, status: first.status } : null,
    payments: order.payments.map(({ method, amount, status, reference }) => ({
      tender: method,
      amount,
      status,
      ...(reference !== null && { reference }),
    })),
    flags: order.flags as SaleFlag[],
    createdAt: order.createdAt.toISOString(),
  };
  if (order.saleId && order.occurredAt) {
    view.sale = {
      saleId: order.saleId,
      occurredAt: order.occurredAt.toISOString(),
      changeDue: order.changeDue,
      ...(order.catalogVersion !== null && { catalogVersion: order.catalogVersion }),
    };
  }
  if (order.receiptNumber && order.locationId) {
    view.receipt = { number: order.receiptNumber, locationId: order.locationId };
  }
  if (showCode && order.pickupCode && order.locationId) {
    view.pickupPass = await signPickupPass(
      { orderId: order.id, orderNumber: order.number, locationId: order.locationId, pickupCode: order.pickupCode },
      options.signingSecret,
    );
  }
  return view;
}

function lineView(line: OrderRecord['lines'][number]): LineView {
  const { sku, quantity, unitAmount, discount, lineTotal, flags, overrideReason } = line;
  const view: LineView = { sku, quantity, unitAmount, discount, lineTotal };
  if (flags.length > 0) view.flags = flags as SaleFlag[];
  if (overrideReason !== null) view.overrideReason = overrideReason;
  if (line.engineUnitAmount !== null || line.engineLineTotal !== null) {
    view.engine = { unitAmount: line.engineUnitAmount, lineTotal: line.engineLineTotal };
  }
  return view;
}
