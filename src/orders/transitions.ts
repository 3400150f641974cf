import type { OutboxRow } from '../db/outbox';
import { setOrderStatus, voidCapturedPayments, type OrderRecord } from '../db/orders';
import { releasePromotionUsage } from '../db/promotion-usage';
import { mayChangeOrder, nextStatus, samePickupCode, type OrderViewer } from '../domain/orders';
import { mayVoidSale } from '../domain/pos';
import { announceOutboxEvents } from '../lib/announce';
import { ApiError } from '../lib/errors';
import { undoOrderWallet, WALLET_METHODS } from '../loyalty/wallet-flows';
import { walletChanged } from '../loyalty/wallet-view';
import { runTaskNow } from '../outbox/dispatcher';
import { PAYMENT_VOID_TOPIC, paymentVoidTask, stockCancelTask } from '../outbox/tasks';
import type { OrderView } from '../schemas/orders';
import { orderStatusChanged } from './events';
import { presentOrder, visibleOrder, type OrderDeps } from './orders';

/** What a caller asks of an order; a pickup carries the code the shopper shows. */
export type OrderChange = { action: 'cancel' } | { action: 'ready' } | { action: 'pickup'; pickupCode: string };

/**
 * Moves an order through its status machine: one transaction reads the
 * order locked (so two tills acting at once cannot both move it), checks who
 * may do this, and writes the new status with the event it causes and, for
 * a cancel, the tasks that give its stock back and void its authorization.
 */
export async function changeOrder(
  deps: OrderDeps,
  viewer: OrderViewer,
  orderId: string,
  change: OrderChange,
): Promise<OrderView> {
  let toAnnounce: OutboxRow[] = [];
  const moved = await deps.db.transaction(async (tx) => {
    const order = await visibleOrder(tx, viewer, orderId, { lock: true });
    refuseUnlessAllowed(viewer, order, change);
    const next = nextStatus(order, change.action);
    if (!next.ok) throw new ApiError('conflict', next.detail, { extensions: { status: order.status } });
    if (order.fulfillmentType === 'in_store' && !mayVoidSale(order, new Date())) {
      throw new ApiError(
        'conflict',
        'A sale can be voided on the day it was rung up only; after that it is a return.',
        {
          extensions: { status: order.status },
        },
      );
    }
    const followUps: OutboxRow[] = [orderStatusChanged(order, change.action, next.status)];
    if (change.action === 'cancel') followUps.push(...cancelTasks(order));
    toAnnounce = await setOrderStatus(tx, orderId, next.status, followUps);
    if (change.action === 'cancel') {
      await releasePromotionUsage(tx, orderId);
      // The wallet moves back with the order: earned points off, redeemed points and store credit on.
      await undoOrderWallet(tx, order);
    }
    // Money taken at a till is handed back there, as the sale is voided.
    if (order.fulfillmentType === 'in_store')
      return { ...order, status: next.status, payments: await voidCapturedPayments(tx, order) };
    // What the wallet paid went back on it just now (undoOrderWallet); the card's void follows.
    if (change.action === 'cancel')
      return { ...order, status: next.status, payments: await voidCapturedPayments(tx, order, WALLET_METHODS) };
    return { ...order, status: next.status };
  });
  deps.waitUntil(announceOutboxEvents(deps.env.EVENTS, toAnnounce));
  if (change.action === 'cancel') await walletChanged(deps.env, moved.customerId);
  return presentOrder(deps, viewer, change.action === 'cancel' ? await undoNow(deps, moved) : moved);
}

/** What a cancel must undo, as outbox tasks: the stock, and the money held on the card if any. */
function cancelTasks(order: OrderRecord): OutboxRow[] {
  const tasks: OutboxRow[] = [stockCancelTask(order.id, order.lines)];
  const [payment] = order.payments;
  if (payment?.status === 'authorized') tasks.push(paymentVoidTask(order.id, payment));
  return tasks;
}

function refuseUnlessAllowed(viewer: OrderViewer, order: OrderRecord, change: OrderChange): void {
  if (change.action === 'pickup' && !(order.pickupCode && samePickupCode(order.pickupCode, change.pickupCode))) {
    throw new ApiError('unprocessable', 'That pickup code does not match this order.', {
      extensions: { errors: [{ path: 'json.pickupCode', message: 'wrong pickup code' }] },
    });
  }
  if (!mayChangeOrder(viewer, order, change.action)) {
    throw new ApiError('forbidden', `Only a till at the order's store (or ops) may mark it ${change.action}.`);
  }
}

/**
 * As after checkout: the outbox rows guarantee the stock comes back and the
 * authorization is voided; running them now only saves waiting for the
 * dispatcher. The order answered shows the payment voided once it is.
 */
async function undoNow(deps: OrderDeps, order: OrderRecord): Promise<OrderRecord> {
  const outcomes = await Promise.all(
    cancelTasks(order).map((task) =>
      runTaskNow(deps, task, deps.waitUntil).then(
        () => task.topic,
        (error: unknown) => {
          console.error(`order ${order.id}: ${task.topic} left to the outbox dispatcher`, error);
          return null;
        },
      ),
    ),
  );
  const [payment, ...others] = order.payments;
  return payment && outcomes.includes(PAYMENT_VOID_TOPIC)
    ? { ...order, payments: [{ ...payment, status: 'voided' }, ...others] }
    : order;
}
