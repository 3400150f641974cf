import { and, desc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { PlacedHold } from '../domain/stock';
import type { Channel } from '../domain/channels';
import { promotionUsageKeys, type FulfillmentType, type OrderStatus, type PricedOrder } from '../domain/orders';
import type { Database, Transaction } from './client';
import type { OutboxRow } from './outbox';
import { customers, orderLines, orderNumbers, orders, outbox, payments, promotions } from './schema';

export interface NewOrder {
  id: string;
  customerId: string | null;
  customerGroup: string | null;
  cartId: string;
  channel: Channel;
  fulfillment: { type: FulfillmentType; locationId: string | null };
  pickupCode: string | null;
  priced: PricedOrder;
  holds: readonly PlacedHold[];
  payment: { id: string; method: string; provider: string; status: string; amount: number; providerReference: string };
  contact: Record<string, string>;
  shippingAddress: Record<string, unknown> | null;
}

export interface OrderRecord {
  id: string;
  number: string;
  customerId: string | null;
  cartId: string;
  channel: Channel;
  status: OrderStatus;
  fulfillmentType: FulfillmentType;
  locationId: string | null;
  pickupCode: string | null;
  currency: string;
  subtotal: number;
  discount: number;
  total: number;
  createdAt: Date;
  lines: {
    sku: string;
    quantity: number;
    unitAmount: number;
    discount: number;
    lineTotal: number;
    holdId: string;
    allocations: PlacedHold['allocations'];
  }[];
  payment: { method: string; status: string; provider: string; providerReference: string } | null;
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
 * lines, the payment, the customer, the caller's outbox rows (each payload
 * gains the order's `number`, drawn in the same statement), and the
 * promotions' usage. Returns the order as
 * written, so checkout answers without reading it back; a promotion whose
 * limit was reached meanwhile throws PromotionLimitReached instead, and the
 * transaction rolls back.
 *
 * All of it is one statement of data-modifying CTEs: each statement is a
 * round trip to Postgres, and from an edge location a round trip to the
 * database's region is the most expensive thing checkout does.
 */
export async function insertOrder(
  tx: Transaction,
  order: NewOrder,
  followUps: readonly OutboxRow[],
): Promise<OrderRecord> {
  const { priced, fulfillment } = order;
  const holdBySku = new Map(order.holds.map((hold) => [hold.sku, hold]));
  const lines = priced.lines.map((line) => {
    const hold = holdBySku.get(line.sku);
    if (!hold) throw new Error(`no hold for ${line.sku}`);
    return { ...line, holdId: hold.holdId, allocations: hold.allocations };
  });
  // What the orders row and the returned OrderRecord share.
  const header = {
    id: order.id,
    customerId: order.customerId,
    cartId: order.cartId,
    channel: order.channel,
    status: 'placed' as const,
    fulfillmentType: fulfillment.type,
    locationId: fulfillment.locationId,
    pickupCode: order.pickupCode,
    currency: priced.currency,
    subtotal: priced.totals.subtotal,
    discount: priced.totals.discount,
    total: priced.totals.total,
  };
  // Drawn once by the first CTE; the order and its follow-ups all read it.
  const orderNumber = sql`(select number from order_number)`;
  const writes = [
    sql`order_number as (select 'AIS-' || nextval(${orderNumbers.seqName}::regclass) as number)`,
    sql`created as (${tx
      .insert(orders)
      .values({ ...header, number: orderNumber, contact: order.contact, shippingAddress: order.shippingAddress })
      .returning({ number: orders.number, createdAt: orders.createdAt })
      .getSQL()})`,
    sql`order_lines as (${tx
      .insert(orderLines)
      .values(lines.map((line, index) => ({ orderId: order.id, lineNo: index + 1, ...line })))
      .getSQL()})`,
    sql`payment as (${tx
      .insert(payments)
      .values({ ...order.payment, orderId: order.id })
      .getSQL()})`,
    sql`follow_ups as (${tx
      .insert(outbox)
      .values(
        followUps.map((row) => ({
          ...row,
          payload: sql`jsonb_set(${JSON.stringify(row.payload)}::jsonb, '{number}', to_jsonb(${orderNumber}))`,
        })),
      )
      .getSQL()})`,
  ];
  if (order.customerId) {
    writes.push(
      sql`customer as (${tx
        .insert(customers)
        .values({
          id: order.customerId,
          email: order.contact.email ?? null,
          phone: order.contact.phone ?? null,
          customerGroup: order.customerGroup,
        })
        .onConflictDoUpdate({
          target: customers.id,
          set: {
            email: sql`coalesce(excluded.email, ${customers.email})`,
            phone: sql`coalesce(excluded.phone, ${customers.phone})`,
            updatedAt: sql`now()`,
          },
        })
        .getSQL()})`,
    );
  }
  writes.push(...promotionUsageWrites(tx, order));
  const result = await tx.execute<CreatedOrder>(
    sql`with ${sql.join(writes, sql`, `)} select ${sql.join(createdColumns(order), sql`, `)} from created`,
  );
  const created = result.rows[0];
  if (!created) throw new Error(`order ${order.id} was not written`);
  const refused = refusedPromotion(order, created);
  if (refused) throw new PromotionLimitReached(await describePromotion(tx, refused));
  const { method, status, provider, providerReference } = order.payment;
  return {
    ...header,
    number: created.number,
    createdAt: new Date(created.created_at),
    lines,
    payment: { method, status, provider, providerReference },
  };
}

interface CreatedOrder extends Record<string, unknown> {
  number: string;
  created_at: string;
  /** Promotions whose usage was counted (under their usageLimit). */
  counted: string[];
  /** Of those, the ones with a per-customer limit, and the ones every usage key of the order was still under. */
  limited: string[];
  used: string[];
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
  const ids = order.priced.promotionIds;
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

const usageKeysOf = (order: NewOrder) => promotionUsageKeys(order.customerId, order.contact);

function createdColumns(order: NewOrder): SQL[] {
  const none = sql`'{}'::text[]`;
  const promoted = order.priced.promotionIds.length > 0;
  const keys = promoted ? usageKeysOf(order).length : 0;
  // A limited promotion is used only if every key of the order was counted under its limit.
  const used = sql`array(select promotion_id from customer_uses group by promotion_id having count(*) = ${keys})`;
  return [
    sql`number`,
    sql`created_at`,
    sql`${promoted ? sql`array(select id from counted)` : none} as counted`,
    sql`${promoted ? sql`array(select id from counted where per_customer_limit is not null)` : none} as limited`,
    sql`${keys > 0 ? used : none} as used`,
  ];
}

/** The first applied promotion whose usage or per-customer limit was reached meanwhile, if any. */
function refusedPromotion(order: NewOrder, created: CreatedOrder): string | undefined {
  const counted = new Set(created.counted);
  const used = new Set(created.used);
  return order.priced.promotionIds.find((id) => !counted.has(id)) ?? created.limited.find((id) => !used.has(id));
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
  before: { createdAt: Date; id: string } | null,
): Promise<OrderRecord[]> {
  const page = await db
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.customerId, customerId),
        before
          ? or(
              lt(orders.createdAt, before.createdAt),
              and(eq(orders.createdAt, before.createdAt), lt(orders.id, before.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(limit);
  return withDetails(db, page);
}

async function withDetails(db: Database | Transaction, rows: (typeof orders.$inferSelect)[]): Promise<OrderRecord[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [lines, paid] = await Promise.all([
    db.select().from(orderLines).where(inArray(orderLines.orderId, ids)).orderBy(orderLines.orderId, orderLines.lineNo),
    db.select().from(payments).where(inArray(payments.orderId, ids)),
  ]);
  return rows.map((row) => {
    const payment = paid.find((p) => p.orderId === row.id);
    return {
      ...row,
      status: row.status as OrderStatus,
      fulfillmentType: row.fulfillmentType as OrderRecord['fulfillmentType'],
      lines: lines
        .filter((line) => line.orderId === row.id)
        .map(({ sku, quantity, unitAmount, discount, lineTotal, holdId, allocations }) => ({
          sku,
          quantity,
          unitAmount,
          discount,
          lineTotal,
          holdId,
          allocations,
        })),
      payment: payment
        ? {
            method: payment.method,
            status: payment.status,
            provider: payment.provider,
            providerReference: payment.providerReference,
          }
        : null,
    };
  });
}

/** Moves a locked order to `status`, with the outbox rows the change causes, in the caller's transaction. */
export async function setOrderStatus(
  tx: Transaction,
  orderId: string,
  status: OrderStatus,
  followUps: readonly OutboxRow[],
): Promise<void> {
  await tx
    .update(orders)
    .set({ status, updatedAt: sql`now()` })
    .where(eq(orders.id, orderId));
  if (followUps.length > 0) await tx.insert(outbox).values([...followUps]);
}

/** Records an order's authorization as released; a payment in any other state is left as it is. */
export async function markPaymentVoided(db: Database, orderId: string): Promise<void> {
  await db
    .update(payments)
    .set({ status: 'voided' })
    .where(and(eq(payments.orderId, orderId), eq(payments.status, 'authorized')));
}
