import type { AppConfig } from '../config';
import type { Database } from '../db/client';
import { customerGroupOf } from '../db/customers';
import { completeIdempotencyKey } from '../db/idempotency';
import { findOrder, insertOrder, PromotionLimitReached, type NewOrder, type OrderRecord } from '../db/orders';
import { findOutboxRow, type OutboxRow } from '../db/outbox';
import { announceOutboxEvents } from '../lib/announce';
import {
  businessDayOf,
  catalogRefusal,
  offlineSale,
  onlineSale,
  saleInputRefusal,
  settleTenders,
  walletTendered,
  type PricedSale,
  type SaleRefusal,
} from '../domain/pos';
import { priceBasket, type PricedBasket } from '../domain/pricing';
import { ApiError } from '../lib/errors';
import { currentProgram } from '../loyalty/program';
import { walletForSale } from '../loyalty/wallet-flows';
import { walletChanged } from '../loyalty/wallet-view';
import { sha256 } from '../lib/hash';
import { orderPlaced } from '../orders/events';
import { onceById } from '../orders/once-by-id';
import { promotionLimitConflict } from '../orders/promotion-limit';
import { orderView } from '../orders/view';
import { runTaskNow, runTaskNowWith } from '../outbox/dispatcher';
import { sellSaleStock, stockSellTask, stockSellTaskId } from '../outbox/tasks';
import { CatalogReadModel } from '../read-model/catalog';
import { PricingReadModel, type PricingCatalog } from '../read-model/pricing';
import type { PosSaleBody } from '../schemas/pos';
import type { OrderView } from '../schemas/orders';
import { recommendationsPublishTask } from '../recommendations/publish';

export interface SaleDeps {
  env: Env;
  config: AppConfig;
  db: Database;
  waitUntil(promise: Promise<unknown>): void;
  /** Named failure points a test may trigger (FAULT_INJECTION environments only). */
  fault: string | null;
}

/** The till making the sale: it sells at its own store only. */
export interface Till {
  locationId: string;
}

export interface SaleOutcome {
  order: OrderView;
  replayed: boolean;
}

/**
 * POST /v1/pos/sales. The sale is checked and priced first, with nothing
 * moved; then the order is written in one transaction with the task that
 * takes its goods off the shelf (so an order always moves its stock, and
 * stock never moves without an order), and the task is run at once.
 * Idempotent by the till's saleId at its store: a repeat, a retry after a
 * crash anywhere in between, or any number of concurrent copies make one
 * order and one movement per line.
 */
export async function recordSale(deps: SaleDeps, till: Till, sale: PosSaleBody): Promise<SaleOutcome> {
  const key = `pos-sale:${till.locationId}:${sale.saleId}`;
  const orderId = `ord_${(await sha256(key)).slice(0, 24)}`;
  const { result, replayed } = await onceById(deps.db, {
    key,
    body: sale,
    name: `Sale ${sale.saleId}`,
    run: () => writeSale(deps, till, sale, { key, orderId }),
    replay: () => replaySale(deps, orderId),
  });
  return { order: result, replayed };
}

async function writeSale(
  deps: SaleDeps,
  till: Till,
  sale: PosSaleBody,
  ids: { key: string; orderId: string },
): Promise<OrderView> {
  const { locationId } = till;
  const { orderId } = ids;
  const early = saleInputRefusal(sale, Date.now());
  if (early) refuse(early);
  const [priced, program] = await Promise.all([priceSale(deps, till, sale), currentProgram(deps.env)]);
  const tenders = settleTenders(sale.payments, priced.totals.total);
  if (!tenders.ok) refuse(tenders);
  const occurredAt = new Date(sale.occurredAt);
  const sell = stockSellTask({
    orderId,
    locationId,
    saleId: `${locationId}:${sale.saleId}`,
    occurredAt: occurredAt.getTime(),
    lines: priced.lines.map(({ sku, quantity }) => ({ sku, quantity })),
  });
  const recommendationsPublish = recommendationsPublishTask(orderId, priced.lines);
  const newOrder: NewOrder = {
    id: orderId,
    customerId: sale.customerId ?? null,
    customerGroup: null,
    cartId: null,
    channel: 'pos',
    status: 'completed',
    fulfillment: { type: 'in_store', locationId },
    pickupCode: null,
    currency: sale.currency,
    totals: priced.totals,
    promotionIds: priced.promotionIds,
    lines: priced.lines.map((line) => ({
      ...line,
      holdId: null,
      allocations: [{ locationId, quantity: line.quantity }],
    })),
    payments: sale.payments.map((payment, index) => ({
      // Two digits, so the tenders sort in the order they were given (at most 10).
      id: `pay_${orderId.slice(4)}_${String(index + 1).padStart(2, '0')}`,
      method: payment.tender,
      provider: 'till',
      // Taken at the till, by its own card terminal or cash drawer.
      status: 'captured',
      amount: payment.amount,
      providerReference: `${locationId}:${sale.saleId}:${index + 1}`,
      reference: payment.reference ?? null,
    })),
    flags: priced.flags,
    sale: {
      saleId: sale.saleId,
      occurredAt,
      changeDue: tenders.changeDue,
      catalogVersion: sale.catalogVersion ?? null,
      businessDay: businessDayOf(occurredAt),
    },
    contact: {},
    shippingAddress: null,
  };
  let order: OrderRecord;
  let toAnnounce: OutboxRow[] = [];
  try {
    order = await deps.db.transaction(async (tx) => {
      // The wallet moves with the sale: a short balance (409) rolls the whole sale back, stock task included.
      const walletEvents = await walletForSale(
        tx,
        program,
        { orderId, customerId: newOrder.customerId, total: priced.totals.total },
        walletTendered(sale.payments),
      );
      const written = await insertOrder(tx, newOrder, [
        sell,
        orderPlaced({ ...newOrder, total: priced.totals.total }),
        ...walletEvents,
        ...(recommendationsPublish ? [recommendationsPublish] : []),
      ]);
      // Announced after the commit: the events an endpoint takes (the others were written settled).
      toAnnounce = written.toAnnounce;
      // Marked in the order's own transaction: a repeat finds the order, never a second one.
      await completeIdempotencyKey(tx, ids.key, { status: 201, body: { orderId } });
      return written.order;
    });
  } catch (error) {
    if (error instanceof PromotionLimitReached) throw promotionLimitConflict(error);
    throw error;
  }
  // The sale earned and may have spent: the shopper's copy of their wallet is stale.
  deps.waitUntil(announceOutboxEvents(deps.env.EVENTS, toAnnounce, deps.fault));
  await walletChanged(deps.env, newOrder.customerId);
  if (deps.fault === 'after-sale-write')
    throw new Error('injected failure: after the sale was written, before its stock moved');

  // The outbox row guarantees the movement; running it now shows `oversold` in this answer.
  const oversold = await runTaskNowWith(deps, sell, deps.waitUntil, sellSaleStock).catch((error: unknown) => {
    console.error(`sale ${orderId}: stock movement left to the outbox dispatcher`, error);
    return [];
  });
  return orderView(withOversold(order, oversold), { pickupCode: false, signingSecret: deps.config.signingSecret });
}

/**
 * A sale recorded before: the same order, as it stands now. If the first
 * request died before its stock moved, the movement is finished here (it
 * moves each line once, however often it runs).
 */
async function replaySale(deps: SaleDeps, orderId: string): Promise<OrderView> {
  const task = await findOutboxRow(deps.db, stockSellTaskId(orderId));
  if (task && !task.processedAt) {
    await runTaskNow(deps, task, deps.waitUntil).catch((error: unknown) =>
      console.error(`sale ${orderId}: stock movement left to the outbox dispatcher`, error),
    );
  }
  const order = await findOrder(deps.db, orderId);
  if (!order) throw new Error(`sale ${orderId} is marked recorded but its order is missing`);
  return orderView(order, { pickupCode: false, signingSecret: deps.config.signingSecret });
}

/** The sale priced from the edge read model: online by the engine for channel pos now, offline as charged. */
async function priceSale(deps: SaleDeps, till: Till, sale: PosSaleBody): Promise<PricedSale> {
  const catalog = new CatalogReadModel(deps.env.READ_MODEL);
  const [locations, products, pricing, customerGroup] = await Promise.all([
    catalog.locations(),
    catalog.products(sale.lines.map((line) => line.sku)),
    new PricingReadModel(deps.env.READ_MODEL).current(),
    sale.customerId ? customerGroupOf(deps.db, sale.customerId) : null,
  ]);
  if (!locations.some((location) => location.id === till.locationId)) {
    throw new ApiError('unprocessable', `This till's store, ${till.locationId}, is not a known location.`);
  }
  const unsold = catalogRefusal(sale, products);
  if (unsold) refuse(unsold);
  const basketAt = (now: string, lines: PosSaleBody['lines']): PricedBasket =>
    priceBasket({
      lines,
      coupons: sale.coupons,
      context: { currency: sale.currency, channel: 'pos', customerGroup, now },
      ...engineOf(pricing),
    });
  if (sale.offline) return offlineSale(sale, basketAt(sale.occurredAt, sale.lines), products);
  const priced = onlineSale(
    sale,
    basketAt(
      new Date().toISOString(),
      sale.lines.filter((line) => line.unitAmount === undefined),
    ),
  );
  return 'code' in priced ? refuse(priced) : priced;
}

const engineOf = ({ priceIndex, promotions }: PricingCatalog) => ({ priceIndex, promotions });

function refuse(refusal: SaleRefusal): never {
  throw new ApiError(refusal.code, refusal.detail, { extensions: refusal.extensions ?? {} });
}

function withOversold(order: OrderRecord, oversold: readonly string[]): OrderRecord {
  if (oversold.length === 0) return order;
  const flag = 'oversold';
  return {
    ...order,
    flags: order.flags.includes(flag) ? order.flags : [...order.flags, flag],
    lines: order.lines.map((line) =>
      oversold.includes(line.sku) && !line.flags.includes(flag) ? { ...line, flags: [...line.flags, flag] } : line,
    ),
  };
}
