// What a return gives back, to the cent. Pure: the flow supplies the order
// as it was charged and what earlier returns took.

/** How a returned unit is dealt with at the counter: back on the shelf, or written off. */
export const DISPOSITIONS = ['restock', 'damaged'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** Where the money goes: back to what paid for the order, or onto the customer's store credit. */
export const REFUND_METHODS = ['original', 'store_credit'] as const;
export type RefundMethod = (typeof REFUND_METHODS)[number];

/** What an order looks like to a return: its lines as charged, after every promotion's allocation. */
export interface PurchasedLine {
  sku: string;
  quantity: number;
  lineTotal: number;
}

export interface ReturnLineRequest {
  sku: string;
  quantity: number;
  disposition: Disposition;
}

export interface PlannedReturnLine extends ReturnLineRequest {
  refundAmount: number;
}

export type ReturnPlan =
  | { ok: true; lines: PlannedReturnLine[]; refundTotal: number }
  | { ok: false; reason: 'not_on_order'; skus: string[] }
  | { ok: false; reason: 'exceeds_purchase'; lines: { sku: string; requested: number; returnable: number }[] };

/**
 * The refund for returning `returning` more units of a line of which
 * `alreadyReturned` came back before: the line's total split over its units
 * by largest remainder (every unit gets the floor, the cents left over go one
 * each to the last units to come back), so however the units are returned, in
 * however many returns, returning all of them refunds exactly the line total,
 * and never more before that.
 */
export function refundForUnits(line: PurchasedLine, alreadyReturned: number, returning: number): number {
  const { quantity, lineTotal } = line;
  if (!Number.isSafeInteger(lineTotal) || lineTotal < 0) throw new RangeError(`bad lineTotal ${lineTotal}`);
  if (alreadyReturned < 0 || returning < 0 || alreadyReturned + returning > quantity) {
    throw new RangeError(`cannot return ${returning} after ${alreadyReturned} of ${quantity}`);
  }
  return refundedAfter(line, alreadyReturned + returning) - refundedAfter(line, alreadyReturned);
}

/** What the first `units` units back refund in all. */
function refundedAfter({ quantity, lineTotal }: PurchasedLine, units: number): number {
  const base = Math.floor(lineTotal / quantity);
  const extra = lineTotal - base * quantity;
  // The last `extra` units of the line carry one more cent each.
  return base * units + Math.max(0, units - (quantity - extra));
}

/**
 * Checks a return against the order and what its earlier returns took, and
 * prices each line. A SKU the order does not have, or more units than are
 * left to return, refuses the whole return, naming every such line.
 */
export function planReturn(
  purchased: readonly PurchasedLine[],
  returned: ReadonlyMap<string, number>,
  requested: readonly ReturnLineRequest[],
): ReturnPlan {
  const bySku = new Map(purchased.map((line) => [line.sku, line]));
  const notOnOrder = requested.filter((line) => !bySku.has(line.sku)).map((line) => line.sku);
  if (notOnOrder.length > 0) return { ok: false, reason: 'not_on_order', skus: notOnOrder };
  // Requests may name a SKU twice (some restocked, some damaged): they count together.
  const asked = new Map<string, number>();
  for (const line of requested) asked.set(line.sku, (asked.get(line.sku) ?? 0) + line.quantity);
  const over = [...asked]
    .map(([sku, quantity]) => {
      const line = bySku.get(sku) as PurchasedLine;
      return { sku, requested: quantity, returnable: line.quantity - (returned.get(sku) ?? 0) };
    })
    .filter((line) => line.requested > line.returnable);
  if (over.length > 0) return { ok: false, reason: 'exceeds_purchase', lines: over };

  const taken = new Map(returned);
  const lines = requested.map((line): PlannedReturnLine => {
    const before = taken.get(line.sku) ?? 0;
    taken.set(line.sku, before + line.quantity);
    return { ...line, refundAmount: refundForUnits(bySku.get(line.sku) as PurchasedLine, before, line.quantity) };
  });
  return { ok: true, lines, refundTotal: lines.reduce((sum, line) => sum + line.refundAmount, 0) };
}

/** A payment of the order as a refund sees it: what it can still give back. */
export interface RefundablePayment {
  id: string;
  /** What the payment took for the order (cash: what was handed over, less the change). */
  amount: number;
  /** What earlier refunds already gave back to it. */
  refunded: number;
}

/**
 * Splits a refund over the order's payments, newest first (the last tender
 * of a split payment is the first given back), each up to what it has left.
 * Returns what is left over (0 unless the payments cannot cover it, which a
 * refund within the order's total never reaches).
 */
export function splitRefund(
  amount: number,
  payments: readonly RefundablePayment[],
): { parts: { paymentId: string; amount: number }[]; unallocated: number } {
  const parts: { paymentId: string; amount: number }[] = [];
  let left = amount;
  for (const payment of [...payments].reverse()) {
    if (left === 0) break;
    const part = Math.min(left, Math.max(0, payment.amount - payment.refunded));
    if (part > 0) parts.push({ paymentId: payment.id, amount: part });
    left -= part;
  }
  return { parts, unallocated: left };
}

/** After a return, whether the order has come back whole or in part. */
export function statusAfterReturn(
  purchased: readonly PurchasedLine[],
  returned: ReadonlyMap<string, number>,
): 'returned' | 'partially_returned' {
  return purchased.every((line) => (returned.get(line.sku) ?? 0) >= line.quantity) ? 'returned' : 'partially_returned';
}

/** Days after the order left the building (picked up, shipped, sold) it may still be returned. */
export const DEFAULT_RETURN_WINDOW_DAYS = 30;

/** Whether a return at `now` falls inside the window that opened at `fulfilledAt`. */
export function withinReturnWindow(fulfilledAt: Date, now: Date, windowDays: number): boolean {
  return now.getTime() - fulfilledAt.getTime() <= windowDays * 24 * 60 * 60 * 1000;
}

/**
 * The statuses an order may be returned from: it reached the shopper. A
 * `returned` order is among them so that a return of it is refused for what
 * it is (nothing is left: return_exceeds_purchase), not for its status.
 */
export const RETURNABLE_STATUSES = ['picked_up', 'shipped', 'completed', 'partially_returned', 'returned'] as const;
