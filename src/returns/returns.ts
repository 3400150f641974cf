import type { AppConfig } from '../config';
import type { Database, Transaction } from '../db/client';
import { completeIdempotencyKey } from '../db/idempotency';
import { findOrder, type OrderRecord } from '../db/orders';
import { unfinishedTasks, type OutboxRow } from '../db/outbox';
import {
  findReturn,
  insertReturn,
  listReturns,
  refundedByPayment,
  refundedTotal,
  returnedUnits,
  returnLocations,
  type NewReturn,
  type ReturnRecord,
} from '../db/returns';
import { canSeeOrder, PAYMENT_METHODS, type CheckoutPaymentMethod, type OrderViewer } from '../domain/orders';
import {
  planReturn,
  RETURNABLE_STATUSES,
  splitRefund,
  statusAfterReturn,
  withinReturnWindow,
  type RefundablePayment,
} from '../domain/returns';
import { pointsReversedByReturns } from '../db/wallet';
import { ApiError } from '../lib/errors';
import { refundToWallet, reverseForReturn, WALLET_METHODS } from '../loyalty/wallet-flows';
import { walletChanged } from '../loyalty/wallet-view';
import { sha256 } from '../lib/hash';
import { onceById } from '../orders/once-by-id';
import { orderNotFound } from '../orders/orders';
import { runTaskNow } from '../outbox/dispatcher';
import { refundTask, stockRestockTask } from '../outbox/tasks';
import { CatalogReadModel } from '../read-model/catalog';
import { requireKnownLocation } from '../stock/availability';
import type { ReturnBody, ReturnView } from '../schemas/returns';

/** Payments taken at a till are given back there (the cash drawer, the till's card terminal). */
const TILL_PROVIDER = 'till';
/** The return's event; the rest of its follow-ups are tasks. */
const ORDER_RETURNED = 'order.returned';

export interface ReturnDeps {
  env: Env;
  config: AppConfig;
  db: Database;
  waitUntil(promise: Promise<unknown>): void;
  /** Named failure points a test may trigger (FAULT_INJECTION environments only). */
  fault: string | null;
}

/** Who takes the return back: a till at its store, or ops naming the store. */
export interface ReturnTaker {
  role: 'pos' | 'ops';
  sub: string;
  /** The till's store; for ops, null (the body names it). */
  locationId: string | null;
}

export interface ReturnOutcome {
  view: ReturnView;
  replayed: boolean;
}

/**
 * POST /v1/orders/{id}/returns: any channel's order, returned at any store.
 * One transaction, with the order's row locked (so two tills returning the
 * last unit at once take turns, and the second finds it gone), decides what
 * may come back and what it refunds, and writes the return, its refunds, the
 * order's new status and the outbox rows that restock at the return store and
 * pay the refunds back; both run right after, and the dispatcher finishes
 * whatever a crash leaves. Idempotent by the caller's returnId on the order.
 */
export async function takeReturn(
  deps: ReturnDeps,
  taker: ReturnTaker,
  orderId: string,
  body: ReturnBody,
): Promise<ReturnOutcome> {
  const locationId = await returnLocation(deps.env, taker, body);
  if (body.force && taker.role !== 'ops') throw new ApiError('forbidden', 'Only ops may take a return back late.');
  const key = `return:${orderId}:${body.returnId}`;
  const { result, replayed } = await onceById(deps.db, {
    key,
    body: { ...body, locationId },
    name: `Return ${body.returnId}`,
    run: async () => {
      const { record, followUps, pointsReversed, customerId } = await deps.db.transaction(async (tx) => {
        const written = await writeReturn(deps, tx, { taker, orderId, locationId, body });
        await completeIdempotencyKey(tx, key, { status: 201, body: { id: written.record.id } });
        return written;
      });
      // Points reversed, wallet tenders refunded, store credit given: the shopper's copy of their wallet is stale.
      await walletChanged(deps.env, customerId);
      if (deps.fault === 'after-return-write')
        throw new Error('injected failure: after the return was written, before its restock and refunds ran');
      await finishNow(deps, followUps);
      return returnView(await settled(deps, record), pointsReversed);
    },
    replay: () => storedReturn(deps, orderId, body.returnId),
  });
  return { view: result, replayed };
}

async function writeReturn(
  deps: ReturnDeps,
  tx: Transaction,
  request: { taker: ReturnTaker; orderId: string; locationId: string; body: ReturnBody },
): Promise<{ record: ReturnRecord; followUps: OutboxRow[]; pointsReversed: number; customerId: string | null }> {
  const { taker, orderId, locationId, body } = request;
  const order = await findOrder(tx, orderId, { lock: true });
  if (!order) throw orderNotFound(orderId);
  if (!(RETURNABLE_STATUSES as readonly string[]).includes(order.status)) {
    throw new ApiError('conflict', `An order that is ${order.status} cannot be returned.`, {
      extensions: { orderStatus: order.status },
    });
  }
  const fulfilledAt = order.fulfilledAt ?? order.createdAt;
  if (!withinReturnWindow(fulfilledAt, new Date(), deps.config.returnWindowDays) && !body.force) {
    throw new ApiError(
      'return_window_expired',
      `The ${deps.config.returnWindowDays}-day return window closed; ops may take it back with force.`,
      { extensions: { fulfilledAt: fulfilledAt.toISOString(), windowDays: deps.config.returnWindowDays } },
    );
  }
  const returned = await returnedUnits(tx, orderId);
  const plan = planReturn(order.lines, returned, body.lines);
  if (!plan.ok && plan.reason === 'not_on_order') {
    throw new ApiError('unprocessable', `Not on the order: ${plan.skus.join(', ')}.`, {
      extensions: { notOnOrder: plan.skus },
    });
  }
  if (!plan.ok) {
    const names = plan.lines.map((l) => `${l.sku} (${l.requested} asked, ${l.returnable} left)`).join(', ');
    throw new ApiError('return_exceeds_purchase', `More than is left to return: ${names}.`, {
      extensions: { lines: plan.lines },
    });
  }
  if (body.refundMethod === 'store_credit' && !order.customerId) {
    throw new ApiError(
      'unprocessable',
      'Store credit needs a customer: this order has none. Refund it to the original tender.',
    );
  }
  const id = `ret_${(await sha256(`${orderId}:${body.returnId}`)).slice(0, 24)}`;
  const owed =
    body.refundMethod === 'store_credit'
      ? [
          {
            id: `${id}:1`,
            paymentId: null,
            method: 'store_credit',
            amount: plan.refundTotal,
            status: 'refunded' as const,
          },
        ]
      : await refundsToTenders(tx, order, id, plan.refundTotal);
  const record: NewReturn = {
    id,
    orderId,
    returnId: body.returnId,
    locationId,
    refundMethod: body.refundMethod,
    reason: body.reason ?? null,
    forced: body.force,
    refundTotal: plan.refundTotal,
    takenBy: taker.sub,
    lines: plan.lines,
    refunds: owed.filter((refund) => refund.amount > 0),
    storeCredit:
      body.refundMethod === 'store_credit' && order.customerId && plan.refundTotal > 0
        ? { customerId: order.customerId, amount: plan.refundTotal }
        : null,
  };
  for (const line of plan.lines) returned.set(line.sku, (returned.get(line.sku) ?? 0) + line.quantity);
  const status = statusAfterReturn(order.lines, returned);
  const followUps = followUpsOf(record, order, status);
  // Earned points go back pro rata to what has been refunded of the order in all, this return included.
  const before = order.customerId ? await refundedTotal(tx, orderId) : 0;
  const pointsReversed = order.customerId
    ? await reverseForReturn(tx, order, id, { before, after: before + plan.refundTotal })
    : 0;
  const written = await insertReturn(tx, record, status, followUps);
  return { record: written, followUps, pointsReversed, customerId: order.customerId };
}

/**
 * The refund split over what paid for the order, newest tender first. What a
 * till took (cash, its own card terminal) is handed back at the till now;
 * what the wallet paid (points, store credit) goes back on the wallet now, in
 * this transaction, never out of the till as cash; what a provider took is
 * owed until the provider confirms (`pending`).
 */
async function refundsToTenders(tx: Transaction, order: OrderRecord, returnRowId: string, amount: number) {
  const refunded = await refundedByPayment(tx, order.id);
  const payments = tenders(order);
  const refundable: RefundablePayment[] = payments.map((payment) => ({
    id: payment.id,
    amount: payment.applied,
    refunded: refunded.get(payment.id) ?? 0,
  }));
  const { parts } = splitRefund(amount, refundable);
  const owed = [];
  for (const [index, part] of parts.entries()) {
    const payment = payments.find((candidate) => candidate.id === part.paymentId);
    if (!payment) throw new Error(`refund of unknown payment ${part.paymentId}`);
    // Two digits, so a return's refunds list newest tender first, as they were split (at most 10 tenders).
    const id = `${returnRowId}:${String(index + 1).padStart(2, '0')}`;
    const toWallet = WALLET_METHODS.includes(payment.method);
    if (toWallet) {
      await refundToWallet(tx, order, {
        id,
        returnRowId,
        method: payment.method,
        amount: part.amount,
        paid: payment.applied,
        refundedBefore: refunded.get(payment.id) ?? 0,
      });
    }
    owed.push({
      id,
      paymentId: payment.id,
      method: payment.method,
      amount: part.amount,
      status: toWallet || payment.provider === TILL_PROVIDER ? ('refunded' as const) : ('pending' as const),
    });
  }
  return owed;
}

/** The order's payments with what each one applied to it: cash net of the change handed back, newest cash first. */
function tenders(order: OrderRecord) {
  let change = order.changeDue;
  const applied = [...order.payments].reverse().map((payment) => {
    if (payment.method !== 'cash' || change === 0) return { ...payment, applied: payment.amount };
    const kept = Math.min(change, payment.amount);
    change -= kept;
    return { ...payment, applied: payment.amount - kept };
  });
  return applied.reverse();
}

function followUpsOf(record: NewReturn, order: OrderRecord, status: 'returned' | 'partially_returned'): OutboxRow[] {
  const rows: OutboxRow[] = [];
  const restock = record.lines
    .map((line, index) => ({ ...line, id: `${record.id}:${index + 1}` }))
    .filter((line) => line.disposition === 'restock')
    .map(({ id, sku, quantity }) => ({ id, sku, quantity }));
  if (restock.length > 0) {
    rows.push(stockRestockTask(record.id, { orderId: order.id, locationId: record.locationId, lines: restock }));
  }
  for (const refund of record.refunds) {
    if (refund.status !== 'pending') continue;
    const payment = order.payments.find((candidate) => candidate.id === refund.paymentId);
    if (!payment || !isCheckoutMethod(payment.method)) throw new Error(`refund ${refund.id} has no provider payment`);
    rows.push(
      refundTask({
        refundId: refund.id,
        orderId: order.id,
        method: payment.method,
        providerReference: payment.providerReference,
        amount: refund.amount,
        currency: order.currency,
      }),
    );
  }
  rows.push({
    id: `${record.id}:${ORDER_RETURNED}`,
    topic: ORDER_RETURNED,
    payload: {
      orderId: order.id,
      number: order.number,
      returnId: record.returnId,
      locationId: record.locationId,
      status,
      refundTotal: record.refundTotal,
      refundMethod: record.refundMethod,
      lines: record.lines,
    },
  });
  return rows;
}

const isCheckoutMethod = (method: string): method is CheckoutPaymentMethod =>
  (PAYMENT_METHODS as readonly string[]).includes(method);

/**
 * The restock and the refunds, run now rather than by the dispatcher; a
 * failure here (the gateway down) leaves the task due, and the return
 * answers with the refund still `pending`.
 */
async function finishNow(deps: ReturnDeps, followUps: readonly OutboxRow[]): Promise<void> {
  const tasks = followUps.filter((row) => row.topic !== ORDER_RETURNED);
  await Promise.all(
    tasks.map((task) =>
      runTaskNow(deps, task, deps.waitUntil).catch((error: unknown) =>
        console.error(`${task.id} left to the outbox dispatcher`, error),
      ),
    ),
  );
}

/** The return as it now stands (refunds settled by finishNow). */
async function settled(deps: ReturnDeps, record: ReturnRecord): Promise<ReturnRecord> {
  if (record.refunds.every((refund) => refund.status !== 'pending')) return record;
  return (await findReturn(deps.db, record.orderId, record.returnId)) ?? record;
}

/** A return taken before: as it stands now, after finishing what a crash may have left undone. */
async function storedReturn(deps: ReturnDeps, orderId: string, returnId: string): Promise<ReturnView> {
  const record = await findReturn(deps.db, orderId, returnId);
  if (!record) throw new Error(`return ${returnId} of ${orderId} is marked taken but is missing`);
  const unfinished = (await unfinishedTasks(deps.db, record.id)).filter((row) => row.topic !== ORDER_RETURNED);
  const reversed = (await pointsReversedByReturns(deps.db, [record.id])).get(record.id) ?? 0;
  if (unfinished.length === 0) return returnView(record, reversed);
  await finishNow(deps, unfinished);
  return returnView((await findReturn(deps.db, orderId, returnId)) ?? record, reversed);
}

/** A till returns at its own store; ops name one. Either way it must be a known location. */
async function returnLocation(env: Env, taker: ReturnTaker, body: ReturnBody): Promise<string> {
  const locationId = taker.role === 'pos' ? taker.locationId : body.locationId;
  if (!locationId) {
    throw new ApiError('unprocessable', 'Ops must name the store the goods came back to.', {
      extensions: { errors: [{ path: 'json.locationId', message: 'required for ops' }] },
    });
  }
  requireKnownLocation(await new CatalogReadModel(env.READ_MODEL).locations(), locationId);
  return locationId;
}

/**
 * GET /v1/orders/{id}/returns: for whoever may see the order, and for the
 * tills of a store where it was returned.
 */
export async function orderReturns(deps: ReturnDeps, viewer: OrderViewer, orderId: string): Promise<ReturnView[]> {
  const order = await findOrder(deps.db, orderId);
  if (!order) throw orderNotFound(orderId);
  const sees =
    canSeeOrder(viewer, order) ||
    (viewer.role === 'pos' &&
      viewer.locationId !== null &&
      (await returnLocations(deps.db, orderId)).includes(viewer.locationId));
  if (!sees) throw orderNotFound(orderId);
  const records = await listReturns(deps.db, orderId);
  const reversed = await pointsReversedByReturns(
    deps.db,
    records.map((record) => record.id),
  );
  return records.map((record) => returnView(record, reversed.get(record.id) ?? 0));
}

function returnView(record: ReturnRecord, loyaltyPointsReversed: number): ReturnView {
  return {
    id: record.id,
    returnId: record.returnId,
    orderId: record.orderId,
    locationId: record.locationId,
    lines: record.lines,
    refundTotal: record.refundTotal,
    refundMethod: record.refundMethod,
    refunds: record.refunds.map(({ method, amount, status, providerReference }) => ({
      method,
      amount,
      status: status as ReturnView['refunds'][number]['status'],
      ...(providerReference !== null && { reference: providerReference }),
    })),
    loyaltyPointsReversed,
    forced: record.forced,
    ...(record.reason !== null && { reason: record.reason }),
    createdAt: record.createdAt.toISOString(),
  };
}
