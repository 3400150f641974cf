import { z } from 'zod';
import { loadConfig } from '../config';
import type { Database } from '../db/client';
import { flagOrderLines, markPaymentVoided } from '../db/orders';
import { PAYMENT_METHODS } from '../domain/orders';
import { paymentProviderFor, RefundRefusedError } from '../payments';
import { settleRefund } from '../db/returns';

const HoldRef = z.object({ sku: z.string(), holdId: z.string() });
// A line of a sale at a till moved stock without a hold.
const LineStock = z.object({ sku: z.string(), holdId: z.string().nullable() });
const Allocation = z.object({ locationId: z.string(), quantity: z.number().int() });

export const STOCK_COMMIT_TOPIC = 'stock.commit';
export const STOCK_CANCEL_TOPIC = 'stock.cancel';
export const PAYMENT_VOID_TOPIC = 'payment.void';
export const CART_COMPLETE_TOPIC = 'cart.complete';
export const STOCK_SELL_TOPIC = 'stock.sell';
export const STOCK_RESTOCK_TOPIC = 'stock.restock';
export const REFUND_TOPIC = 'refund.issue';

export const StockCommitPayload = z.object({ orderId: z.string(), holds: z.array(HoldRef) });
export const StockCancelPayload = z.object({
  orderId: z.string(),
  holds: z.array(LineStock.extend({ allocations: z.array(Allocation) })),
});

export const PaymentVoidPayload = z.object({
  orderId: z.string(),
  method: z.enum(PAYMENT_METHODS),
  providerReference: z.string(),
});

type StockCancelHolds = z.infer<typeof StockCancelPayload>['holds'];

/** The outbox task that turns an order's holds into sales (commitOrderHolds). */
export function stockCommitTask(orderId: string, holds: readonly { sku: string; holdId: string }[]) {
  return {
    id: `${orderId}:${STOCK_COMMIT_TOPIC}`,
    topic: STOCK_COMMIT_TOPIC,
    payload: { orderId, holds: holds.map(({ sku, holdId }) => ({ sku, holdId })) },
  };
}

/** The outbox task that gives a cancelled order's stock back (releaseOrderStock). */
export function stockCancelTask(orderId: string, holds: StockCancelHolds) {
  return {
    id: `${orderId}:${STOCK_CANCEL_TOPIC}`,
    topic: STOCK_CANCEL_TOPIC,
    payload: { orderId, holds: holds.map(({ sku, holdId, allocations }) => ({ sku, holdId, allocations })) },
  };
}

/** Turns an order's holds into sales. A hold released in the meantime (the order was cancelled) has nothing left to commit. */
export async function commitOrderHolds(env: Env, payload: unknown): Promise<void> {
  const { holds } = StockCommitPayload.parse(payload);
  await Promise.all(
    holds.map(async ({ sku, holdId }) => {
      const result = await env.STOCK.getByName(sku).commit(holdId);
      if (!result.ok && result.reason === 'hold_not_found') throw new Error(`hold ${holdId} of ${sku} does not exist`);
    }),
  );
}

/**
 * Gives a cancelled order's units back: a hold not yet committed is released;
 * one already sold (or a till's line, sold without a hold) is restocked where
 * its units came from. Either step is idempotent by id, so a retried task
 * never restocks twice.
 */
export async function releaseOrderStock(env: Env, payload: unknown): Promise<void> {
  const { orderId, holds } = StockCancelPayload.parse(payload);
  await Promise.all(
    holds.map(async ({ sku, holdId, allocations }) => {
      const stock = env.STOCK.getByName(sku);
      if (holdId !== null) {
        const released = await stock.release(holdId);
        if (released.ok) return;
        if (released.reason === 'hold_not_found') throw new Error(`hold ${holdId} of ${sku} does not exist`);
      }
      const restockOf = holdId ?? `${orderId}:${sku}`;
      await Promise.all(
        allocations.map(({ locationId, quantity }) =>
          stock.restock({ id: `${restockOf}:restock:${locationId}`, locationId, quantity, reference: orderId }),
        ),
      );
    }),
  );
}

/** The outbox task that releases a cancelled order's authorization (voidOrderPayment). */
export function paymentVoidTask(orderId: string, payment: { method: string; providerReference: string }) {
  const { method, providerReference } = payment;
  return {
    id: `${orderId}:${PAYMENT_VOID_TOPIC}`,
    topic: PAYMENT_VOID_TOPIC,
    payload: { orderId, method, providerReference },
  };
}

/**
 * Releases a cancelled order's authorization through its provider, then
 * records the payment as voided. Both steps are idempotent (a provider's void
 * of a voided authorization succeeds), so the dispatcher may retry until done.
 * Nothing in Aisle captures yet, so there is never a capture to refund here.
 */
export async function voidOrderPayment(deps: { env: Env; db: Database }, payload: unknown): Promise<void> {
  const { orderId, method, providerReference } = PaymentVoidPayload.parse(payload);
  await paymentProviderFor(method, loadConfig(deps.env).payments).voidAuthorization(providerReference);
  await markPaymentVoided(deps.db, orderId);
}

export const CartCompletePayload = z.object({
  cartName: z.string(),
  idempotencyKey: z.string(),
  orderId: z.string(),
  lines: z.array(z.object({ sku: z.string(), quantity: z.number().int() })),
  coupons: z.array(z.string()),
});
type CartCompletion = z.infer<typeof CartCompletePayload>;

export const cartCompleteTaskId = (orderId: string) => `${orderId}:${CART_COMPLETE_TOPIC}`;

/** The outbox task that takes a placed order's lines out of its cart (completeOrderedCart). */
export function cartCompleteTask(completion: CartCompletion) {
  return { id: cartCompleteTaskId(completion.orderId), topic: CART_COMPLETE_TOPIC, payload: completion };
}

/**
 * The order's lines and coupons leave the cart and its checkout claim turns
 * into "ordered". Written with the order, so a Worker that dies right after
 * the order's transaction never leaves the lines to be ordered again once the
 * claim's lease lapses; the CartDO applies it once per order id.
 */
export async function completeOrderedCart(env: Env, payload: unknown): Promise<void> {
  const { cartName, idempotencyKey, orderId, lines, coupons } = CartCompletePayload.parse(payload);
  await env.CART.getByName(cartName).completeCheckout(idempotencyKey, { id: orderId, lines, coupons });
}

export const StockSellPayload = z.object({
  orderId: z.string(),
  locationId: z.string(),
  /** The StockDO's id for the sale: the till's saleId scoped by its store, so each line moves once. */
  saleId: z.string(),
  /** Epoch ms: when the till rang it up. */
  occurredAt: z.number().int(),
  lines: z.array(z.object({ sku: z.string(), quantity: z.number().int() })),
});
type StockSale = z.infer<typeof StockSellPayload>;

export const stockSellTaskId = (orderId: string) => `${orderId}:${STOCK_SELL_TOPIC}`;

/** The outbox task that takes a till's sale off its store's shelf (sellSaleStock). */
export function stockSellTask(sale: StockSale) {
  return { id: stockSellTaskId(sale.orderId), topic: STOCK_SELL_TOPIC, payload: sale };
}

/**
 * Takes a till's sale off the shelf at its store, each line through its
 * SKU's StockDO. Never refused (the goods already left); each line moves
 * once by the sale's id however often this runs. Lines that took units that
 * were not there are flagged `oversold` on the order (the StockDO records the
 * `inventory.oversold` event with the shortfall); returns their SKUs.
 */
export async function sellSaleStock(deps: { env: Env; db: Database }, payload: unknown): Promise<string[]> {
  const { orderId, locationId, saleId, occurredAt, lines } = StockSellPayload.parse(payload);
  const outcomes = await Promise.all(
    lines.map(async ({ sku, quantity }) => {
      const moved = await deps.env.STOCK.getByName(sku).sell({
        saleId,
        locationId,
        quantity,
        reference: orderId,
        occurredAt,
      });
      return { sku, flagged: moved.flagged };
    }),
  );
  const oversold = outcomes.filter((outcome) => outcome.flagged).map((outcome) => outcome.sku);
  if (oversold.length > 0) await flagOrderLines(deps.db, orderId, 'oversold', oversold);
  return oversold;
}

export const StockRestockPayload = z.object({
  orderId: z.string(),
  locationId: z.string(),
  /** Each restocked return line, by the id its movement is applied once under. */
  lines: z.array(z.object({ id: z.string(), sku: z.string(), quantity: z.number().int() })),
});

/** The outbox task that puts a return's restocked units on the return store's shelf (restockReturn). */
export function stockRestockTask(returnRowId: string, restock: z.infer<typeof StockRestockPayload>) {
  return { id: `${returnRowId}:${STOCK_RESTOCK_TOPIC}`, topic: STOCK_RESTOCK_TOPIC, payload: restock };
}

/** Returned units back at the store they came back to, each line once by its id. */
export async function restockReturn(env: Env, payload: unknown): Promise<void> {
  const { orderId, locationId, lines } = StockRestockPayload.parse(payload);
  await Promise.all(
    lines.map(({ id, sku, quantity }) =>
      env.STOCK.getByName(sku).restock({ id, locationId, quantity, reference: orderId }),
    ),
  );
}

export const RefundPayload = z.object({
  refundId: z.string(),
  orderId: z.string(),
  method: z.enum(PAYMENT_METHODS),
  /** The payment's own reference at its provider (a card's PaymentIntent). */
  providerReference: z.string(),
  amount: z.number().int().positive(),
  currency: z.string(),
});

/** The outbox task that pays a refund back through the payment's provider (issueRefund). */
export function refundTask(refund: z.infer<typeof RefundPayload>) {
  return { id: `${refund.refundId}:${REFUND_TOPIC}`, topic: REFUND_TOPIC, payload: refund };
}

/**
 * Pays a refund back through its provider, keyed by the refund's id (the
 * provider refunds it once however often this runs), then records it. A
 * provider that cannot be reached throws, so the dispatcher retries with
 * backoff; one that refuses for good marks the refund failed, for ops.
 */
export async function issueRefund(deps: { env: Env; db: Database }, payload: unknown): Promise<void> {
  const { refundId, method, providerReference, amount, currency } = RefundPayload.parse(payload);
  const provider = paymentProviderFor(method, loadConfig(deps.env).payments);
  try {
    const refunded = await provider.refund({ providerReference, amount, currency, reference: refundId });
    await settleRefund(deps.db, refundId, { status: 'refunded', providerReference: refunded.providerReference });
  } catch (error) {
    if (!(error instanceof RefundRefusedError)) throw error;
    await settleRefund(deps.db, refundId, { status: 'failed', error: error.message });
  }
}
