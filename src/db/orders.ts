import { and, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Channel } from '../domain/channels';
import { promotionUsageKeys, type FulfillmentType, type OrderStatus } from '../domain/orders';
import type { BasketTotals } from '../domain/pricing';
import { pairedSkus } from '../domain/recommendations';
import type { Database, Transaction } from './client';
import { enqueueOutboxRows, outboxRowsSource, outboxWrites, toAnnounce, type OutboxRow } from './outbox';
import { createdWithin, newestFirstAfter } from './paging';
import { isE164 } from '../domain/customers';
import { skuPairWrites } from './recommendations';
import type { TimeKey } from '../lib/cursor';
import {
  customers,
  orderLines,
  orderNumbers,
  orders,
  outbox,
  payments,
  promotions,
  receiptCounters,
  type LineAllocation,
} from './schema';

export interface NewOrderLine {
  sku: string;
  quantity: number;
  unitAmount: number;
  discount: number;
  lineTotal: number;
  /** The stock hold behind the line; null for a sale at a till, which moves stock without one. */
  holdId: string | null;
  allocations: LineAllocation[];
  overrideReason?: string | null;
  engineUnitAmount?: number | null;
  engineLineTotal?: number | null;
  flags?: string[];
}

export interface NewPayment {
  id: string;
  method: string;
  provider: string;
  status: string;
  amount: number;
  providerReference: string;
  reference?: string | null;
}

/** What only a sale at a till has. */
export interface SaleDetails {
  saleId: string;
  occurredAt: Date;
  changeDue: number;
  catalogVersion: string | null;
  /** The UTC day (YYYY-MM-DD) its receipt number is drawn for. */
  businessDay: string;
}

export interface NewOrder {
  id: string;
  customerId: string | null;
  customerGroup: string | null;
  cartId: string | null;
  channel: Channel;
  status: OrderStatus;
  fulfillment: { type: FulfillmentType; locationId: string | null };
  pickupCode: string | null;
  currency: string;
  totals: BasketTotals;
  /** Promotions applied; their usage limits are enforced as the order is written. */
  promotionIds: readonly string[];
  lines: readonly NewOrderLine[];
  payments: readonly NewPayment[];
  flags: readonly string[];
  sale: SaleDetails | null;
  contact: Record<string, string>;
  shippingAddress: Record<string, unknown> | null;
  /** A wallet spend taken before the order existed (checkout's): see walletSpendWrites. */
  walletSpend?: { entryIds: readonly string[]; releaseTaskId: string } | null;
}

export type OrderLineRecord = Required<NewOrderLine>;
export type PaymentRecord = Required<NewPayment>;

export interface OrderRecord {
  id: string;
  number: string;
  customerId: string | null;
  cartId: string | null;
  channel: Channel;
  status: OrderStatus;
  fulfillmentType: FulfillmentType;
  locationId: string | null;
  pickupCode: string | null;
  currency: string;
  subtotal: number;
  discount: number;
  total: number;
  flags: string[];
  saleId: string | null;
  occurredAt: Date | null;
  receiptNumber: string | null;
  changeDue: number;
  catalogVersion: string | null;
  arrivedAt: Date | null;
  arrival: { spot?: string; note?: string } | null;
  /** When it reached the shopper; null while it has not. */
  fulfilledAt: Date | null;
  createdAt: Date;
  lines: OrderLineRecord[];
  payments: PaymentRecord[];
}

/** The wallet spend the order was to be paid with was given back first (walletSpendWrites): it rolls back. */
export class WalletSpendReleased extends Error {
  constructor(readonly orderId: string) {
    super(`the wallet spend of order ${orderId} was given back before the order was written`);
    this.name = 'WalletSpendReleased';
  }
}

/** A usage limit was reached between the cart and the checkout: the transaction rolls back. */
export class PromotionLimitReached extends Error {
  constructor(readonly promotion: { id: string; name: string; code: string | null }) {
    super(`promotion ${promotion.id} reached its usage limit`);
    this.name = 'PromotionLimitReached';
  }
}

/**
 * Writes an order and everything that must happen with it, atomically: its
 * lines, its payments, the customer, the caller's outbox rows (each payload
 * gains the order's `number`, drawn in the same statement), the promotions'
 * usage, the "bought together" count of its SKU pairs and, for a sale at a
 * till, its receipt number. Returns the order as written, so the caller
 * answers without reading it back, with the follow-ups it still announces
 * after the commit (toAnnounce); a promotion whose
 * limit was reached meanwhile throws PromotionLimitReached instead, and the
 * transaction rolls back.
 *
 * All of it is one statement of data-modifying CTEs: each statement is a
 * round trip to Postgres, and from an edge location a round trip to the
 * database's region is the most expensive thing an order does.
 */
export async function insertOrder(
  tx: Transaction,
  order: NewOrder,
  followUps: readonly OutboxRow[],
): Promise<WrittenOrder> {
  const { fulfillment, sale } = order;
  const lines: OrderLineRecord[] = order.lines.map((line) => ({
    overrideReason: null,
    engineUnitAmount: null,
    engineLineTotal: null,
    flags: [],
    ...line,
  }));
  // What the orders row and the returned OrderRecord share.
  const header = {
    id: order.id,
    customerId: order.customerId,
    cartId: order.cartId,
    channel: order.channel,
    status: order.status,
    fulfillmentType: fulfillment.type,
    locationId: fulfillment.locationId,
    pickupCode: order.pickupCode,
    currency: order.currency,
    subtotal: order.totals.subtotal,
    discount: order.totals.discount,
    total: order.totals.total,
    flags: [...order.flags],
    saleId: sale?.saleId ?? null,
    occurredAt: sale?.occurredAt ?? null,
    changeDue: sale?.changeDue ?? 0,
    catalogVersion: sale?.catalogVersion ?? null,
    // A sale at a till leaves with the shopper as it is rung up.
    fulfilledAt: sale?.occurredAt ?? null,
  };
  // Drawn once by the first CTEs; the order and its follow-ups all read them.
  const orderNumber = sql`(select number from order_number)`;
  const writes = [sql`order_number as (select 'AIS-' || nextval(${orderNumbers.seqName}::regclass) as number)`];
  if (sale) writes.push(receiptWrite(tx, fulfillment.locationId, sale.businessDay));
  writes.push(
    sql`created as (${tx
      .insert(orders)
      .values({
        ...header,
        number: orderNumber,
        receiptNumber: sale ? sql`(select number from receipt)` : null,
        contact: order.contact,
        shippingAddress: order.shippingAddress,
      })
      .returning({ number: orders.number, receiptNumber: orders.receiptNumber, createdAt: orders.createdAt })
      .getSQL()})`,
    sql`order_lines as (${tx
      .insert(orderLines)
      .values(lines.map((line, index) => ({ orderId: order.id, lineNo: index + 1, ...line })))
      .getSQL()})`,
  );
  if (order.payments.length > 0) {
    writes.push(
      sql`payment as (${tx
        .insert(payments)
        .values(order.payments.map((payment) => ({ reference: null, ...payment, orderId: order.id })))
        .getSQL()})`,
    );
  }
  const withNumber = sql`jsonb_set(r.payload, '{number}', to_jsonb(${orderNumber}))`;
  const outboxed = followUps.length > 0 ? outboxWrites('follow_ups', outboxRowsSource(followUps, withNumber)) : null;
  if (outboxed) writes.push(...outboxed.writes);
  if (order.customerId) writes.push(customerWrite(tx, order.customerId, order));
  writes.push(...promotionUsageWrites(tx, order), ...walletSpendWrites(tx, order));
  // Every order counts, a guest's too: a basket says what goes together whoever bought it.
  writes.push(...skuPairWrites(pairedSkus(order.lines)));
  const settled = outboxed?.settled ?? sql`'{}'::text[]`;
  const result = await tx.execute<CreatedOrder>(
    sql`with ${sql.join(writes, sql`, `)} select ${sql.join(createdColumns(order), sql`, `)}, ${settled} as settled from created`,
  );
  const created = result.rows[0];
  if (!created) throw new Error(`order ${order.id} was not written`);
  if (order.walletSpend && !created.spend_settled) throw new WalletSpendReleased(order.id);
  const refused = refusedPromotion(order, created);
  if (refused) throw new PromotionLimitReached(await describePromotion(tx, refused));
  return {
    order: {
      ...header,
      number: created.number,
      receiptNumber: created.receipt_number,
      arrivedAt: null,
      arrival: null,
      createdAt: new Date(created.created_at),
      lines,
      payments: order.payments.map((payment) => ({ reference: null, ...payment })),
    },
    toAnnounce: toAnnounce(followUps, created.settled),
  };
}

/**
 * The checkout's contact fills the customer's empty profile fields and never
 * overwrites one the shopper set. An email another customer already holds is
 * left out rather than refused (the unique index would turn the order into a
 * 500), and a phone that is not E.164 is left out (the till looks phones up in
 * E.164). One residual race is accepted: two customers' orders claiming the
 * same unheld email in the same instant, where the index fails the later one.
 */
function customerWrite(tx: Transaction, customerId: string, order: NewOrder): SQL {
  const { email, phone } = order.contact;
  const freeEmail = email
    ? sql`(select ${email}::text where not exists (select 1 from ${customers} where lower(${customers.email}) = lower(${email})))`
    : null;
  const upsert = tx
    .insert(customers)
    .values({
      id: customerId,
      email: freeEmail,
      phone: phone && isE164(phone) ? phone : null,
      customerGroup: order.customerGroup,
    })
    .onConflictDoUpdate({
      target: customers.id,
      set: {
        email: sql`coalesce(${customers.email}, excluded.email)`,
        phone: sql`coalesce(${customers.phone}, excluded.phone)`,
        // The group is the token's, not the shopper's to set: the latest one seen wins.
        customerGroup: sql`coalesce(excluded.customer_group, ${customers.customerGroup})`,
        updatedAt: sql`now()`,
      },
    });
  return sql`customer as (${upsert.getSQL()})`;
}

/**
 * The store's next receipt number for the day, `YYYYMMDD-0001` on: a counter
 * row per store and day, bumped by an upsert whose row lock makes concurrent
 * sales at one store take turns, so no two share a number.
 */
function receiptWrite(tx: Transaction, locationId: string | null, businessDay: string): SQL {
  if (!locationId) throw new Error('a sale is always at a location');
  const counter = tx
    .insert(receiptCounters)
    .values({ locationId, businessDay, lastNumber: 1 })
    .onConflictDoUpdate({
      target: [receiptCounters.locationId, receiptCounters.businessDay],
      set: { lastNumber: sql`${receiptCounters.lastNumber} + 1` },
    })
    .returning({ lastNumber: receiptCounters.lastNumber })
    .getSQL();
  return sql`counter as (${counter}), receipt as (select ${businessDay.replaceAll('-', '')}::text || '-' || lpad(last_number::text, 4, '0') as number from counter)`;
}

interface CreatedOrder extends Record<string, unknown> {
  number: string;
  /** With a wallet spend: whether the order, not its release task, took it. */
  spend_settled?: boolean;
  receipt_number: string | null;
  created_at: string;
  /** Promotions whose usage was counted (under their usageLimit). */
  counted: string[];
  /** Of those, the ones with a per-customer limit, and the ones every usage key of the order was still under. */
  limited: string[];
  used: string[];
  /** Follow-up events no webhook endpoint takes, settled as they were written (outboxWrites). */
  settled: string[];
}

/** The order as written, and which of its follow-ups to announce once the transaction commits. */
export interface WrittenOrder {
  order: OrderRecord;
  toAnnounce: OutboxRow[];
}

/**
 * The promotions' usage, in the same statement as the order: each applied
 * promotion counted if under its usageLimit, the order's uses counted under
 * every usage key it has (promotionUsageKeys: the customer's id, the contact
 * e-mail and phone) if each is under its perCustomerLimit (conditional
 * upserts, so the limits hold under any concurrency: a second order with the
 * same key waits for the first and then finds the limit reached), and a
 * redemption per promotion. What was not counted is read from the
 * statement's answer (refusedPromotion), and the transaction rolls back.
 */
function promotionUsageWrites(tx: Transaction, order: NewOrder): SQL[] {
  const ids = order.promotionIds;
  if (ids.length === 0) return [];
  const writes = [
    sql`counted as (${tx
      .update(promotions)
      .set({ usageCount: sql`${promotions.usageCount} + 1` })
      .where(
        and(
          inArray(promotions.id, [...ids]),
          or(isNull(promotions.usageLimit), lt(promotions.usageCount, promotions.usageLimit)),
        ),
      )
      .returning({ id: promotions.id, perCustomerLimit: promotions.perCustomerLimit })
      .getSQL()})`,
    sql`redemptions as (insert into promotion_redemptions (promotion_id, order_id, customer_id) select id, ${order.id}, ${order.customerId} from counted)`,
  ];
  const keys = usageKeysOf(order);
  if (keys.length > 0) {
    writes.push(sql`customer_uses as (
      insert into promotion_customer_usage (promotion_id, customer_id, uses)
      select counted.id, usage_key, 1
        from counted cross join unnest(array[${sql.join(
          keys.map((key) => sql`${key}`),
          sql`, `,
        )}]::text[]) as usage_key
        where per_customer_limit is not null
        order by counted.id, usage_key
      on conflict (promotion_id, customer_id) do update set uses = promotion_customer_usage.uses + 1
        where promotion_customer_usage.uses < (select per_customer_limit from counted where counted.id = excluded.promotion_id)
      returning promotion_id)`);
  }
  return writes;
}

/**
 * A spend taken before the order (checkout's) becomes the order's: its
 * entries are tied to the order, so a cancel finds them, and its release
 * task is marked done with the conditional update the task itself uses
 * (releaseSpend). Whichever comes first holds the row and the other finds it
 * done: an order whose spend was given back meanwhile reads
 * `spend_settled = false` and rolls back.
 */
function walletSpendWrites(tx: Transaction, order: NewOrder): SQL[] {
  const spend = order.walletSpend;
  if (!spend) return [];
  return [
    sql`spend_entries as (update wallet_entries set order_id = ${order.id} where id in (${sql.join(
      spend.entryIds.map((id) => sql`${id}`),
      sql`, `,
    )}))`,
    sql`spend_settled as (${tx
      .update(outbox)
      .set({ processedAt: sql`now()` })
      .where(and(eq(outbox.id, spend.releaseTaskId), isNull(outbox.processedAt)))
      .returning({ id: outbox.id })
      .getSQL()})`,
  ];
}

const usageKeysOf = (order: NewOrder) => promotionUsageKeys(order.customerId, order.contact);

function createdColumns(order: NewOrder): SQL[] {
  const none = sql`'{}'::text[]`;
  const promoted = order.promotionIds.length > 0;
  const keys = promoted ? usageKeysOf(order).length : 0;
  // A limited promotion is used only if every key of the order was counted under its limit.
  const used = sql`array(select promotion_id from customer_uses group by promotion_id having count(*) = ${keys})`;
  return [
    sql`number`,
    sql`receipt_number`,
    sql`created_at`,
    sql`${promoted ? sql`array(select id from counted)` : none} as counted`,
    sql`${promoted ? sql`array(select id from counted where per_customer_limit is not null)` : none} as limited`,
    sql`${keys > 0 ? used : none} as used`,
    ...(order.walletSpend ? [sql`exists (select 1 from spend_settled) as spend_settled`] : []),
  ];
}

/** The first applied promotion whose usage or per-customer limit was reached meanwhile, if any. */
function refusedPromotion(order: NewOrder, created: CreatedOrder): string | undefined {
  const counted = new Set(created.counted);
  const used = new Set(created.used);
  return order.promotionIds.find((id) => !counted.has(id)) ?? created.limited.find((id) => !used.has(id));
}

async function describePromotion(tx: Transaction, id: string) {
  const [row] = await tx
    .select({ id: promotions.id, name: promotions.name, code: promotions.code })
    .from(promotions)
    .where(eq(promotions.id, id));
  return row ?? { id, name: id, code: null };
}

/** The order with its lines and payment; `lock` holds its row until the transaction ends. */
export async function findOrder(
  db: Database | Transaction,
  id: string,
  { lock = false } = {},
): Promise<OrderRecord | null> {
  const query = db.select().from(orders).where(eq(orders.id, id));
  const [row] = await (lock ? query.for('update') : query);
  if (!row) return null;
  return (await withDetails(db, [row]))[0] ?? null;
}

/** The customer's orders, newest first, `limit` at a time after `before` (the previous page's last order). */
export async function listCustomerOrders(
  db: Database,
  customerId: string,
  limit: number,
  before: TimeKey | null,
): Promise<OrderRecord[]> {
  return withDetails(db, await pageOfOrders(db, eq(orders.customerId, customerId), limit, before));
}

/** What ops narrow every channel's orders to; each one absent is no narrowing. */
export interface OrderFilters {
  channel?: Channel;
  status?: OrderStatus;
  locationId?: string;
  customerId?: string;
  /** Created in `[from, to)`. */
  from?: Date;
  to?: Date;
}

/** Every channel's orders that pass `filters`, newest first, `limit` at a time after `before`. */
export async function listAllOrders(
  db: Database,
  filters: OrderFilters,
  limit: number,
  before: TimeKey | null,
): Promise<OrderRecord[]> {
  return withDetails(db, await allOrdersPage(db, filters, limit, before));
}

/** The rows of listAllOrders' page (its query, for a look at its plan). */
export function allOrdersPage(
  db: Database | Transaction,
  filters: OrderFilters,
  limit: number,
  before: TimeKey | null,
) {
  const { channel, status, locationId, customerId, from, to } = filters;
  const narrowed = and(
    channel ? eq(orders.channel, channel) : undefined,
    status ? eq(orders.status, status) : undefined,
    locationId ? eq(orders.locationId, locationId) : undefined,
    customerId ? eq(orders.customerId, customerId) : undefined,
    createdWithin(orders.createdAt, from, to),
  );
  return pageOfOrders(db, narrowed, limit, before);
}

// Newest first along orders_created_idx, or along orders_location_created_idx or
// orders_customer_created_idx when narrowed to one store or one customer.
function pageOfOrders(db: Database | Transaction, where: SQL | undefined, limit: number, before: TimeKey | null) {
  const page = newestFirstAfter(orders.createdAt, orders.id, before);
  return db
    .select()
    .from(orders)
    .where(and(where, page.after))
    .orderBy(...page.order)
    .limit(limit);
}

/** Rows of `orders` with their lines and payments, as OrderRecords in the same order. */
export async function withDetails(
  db: Database | Transaction,
  rows: (typeof orders.$inferSelect)[],
): Promise<OrderRecord[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [lines, paid] = await Promise.all([
    db.select().from(orderLines).where(inArray(orderLines.orderId, ids)).orderBy(orderLines.orderId, orderLines.lineNo),
    db.select().from(payments).where(inArray(payments.orderId, ids)).orderBy(payments.id),
  ]);
  return rows.map(({ contact: _contact, shippingAddress: _address, updatedAt: _updated, ...row }) => ({
    ...row,
    status: row.status as OrderStatus,
    fulfillmentType: row.fulfillmentType as OrderRecord['fulfillmentType'],
    lines: lines.filter((line) => line.orderId === row.id).map(({ orderId: _order, lineNo: _lineNo, ...line }) => line),
    payments: paid
      .filter((payment) => payment.orderId === row.id)
      .map(({ orderId: _order, createdAt: _created, ...payment }) => payment),
  }));
}

/** Moves a locked order to `status`, with the outbox rows the change causes, in the caller's transaction; answers those to announce. */
export async function setOrderStatus(
  tx: Transaction,
  orderId: string,
  status: OrderStatus,
  followUps: readonly OutboxRow[],
): Promise<OutboxRow[]> {
  const fulfilled = status === 'picked_up' || status === 'shipped';
  await tx
    .update(orders)
    .set({ status, updatedAt: sql`now()`, ...(fulfilled && { fulfilledAt: sql`now()` }) })
    .where(eq(orders.id, orderId));
  return enqueueOutboxRows(tx, followUps);
}

/** Records an order's authorization as released; a payment in any other state is left as it is. */
export async function markPaymentVoided(db: Database, orderId: string): Promise<void> {
  await db
    .update(payments)
    .set({ status: 'voided' })
    .where(and(eq(payments.orderId, orderId), eq(payments.status, 'authorized')));
}

/**
 * Payments handed back as the order is cancelled, every captured one recorded
 * as voided: all of a voided sale's tenders (the till gives them back), or
 * only those of `methods` (what the wallet paid, given back to it).
 */
export async function voidCapturedPayments(
  tx: Transaction,
  order: OrderRecord,
  methods?: readonly string[],
): Promise<PaymentRecord[]> {
  const voids = (payment: PaymentRecord) =>
    payment.status === 'captured' && (!methods || methods.includes(payment.method));
  await tx
    .update(payments)
    .set({ status: 'voided' })
    .where(
      and(
        eq(payments.orderId, order.id),
        eq(payments.status, 'captured'),
        methods ? inArray(payments.method, [...methods]) : undefined,
      ),
    );
  return order.payments.map((payment) => (voids(payment) ? { ...payment, status: 'voided' } : payment));
}

/** Adds `flag` to the order and to its lines of `skus`, once however often it is called. */
export async function flagOrderLines(
  db: Database,
  orderId: string,
  flag: string,
  skus: readonly string[],
): Promise<void> {
  const unflagged = (flags: typeof orders.flags | typeof orderLines.flags) => sql`not (${flag} = any(${flags}))`;
  await db
    .update(orderLines)
    .set({ flags: sql`array_append(${orderLines.flags}, ${flag})` })
    .where(and(eq(orderLines.orderId, orderId), inArray(orderLines.sku, [...skus]), unflagged(orderLines.flags)));
  await db
    .update(orders)
    .set({ flags: sql`array_append(${orders.flags}, ${flag})`, updatedAt: sql`now()` })
    .where(and(eq(orders.id, orderId), unflagged(orders.flags)));
}
