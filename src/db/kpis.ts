import { sql } from 'drizzle-orm';
import type { Channel } from '../domain/channels';
import type { Database } from './client';

/** An order counts in the window by when it was placed: a till's sale when it was rung up (orders_placed_at_idx). */
const PLACED_AT = sql.raw('coalesce(o.occurred_at, o.created_at)');

export interface KpiWindow {
  from: Date;
  to: Date;
  currency: string;
}

export interface ChannelFigures {
  channel: Channel;
  orders: number;
  revenue: number;
  unitsSold: number;
  unitsReturned: number;
  refunds: number;
  pickupOrders: number;
  customerRevenue: number;
}

export interface WindowFigures {
  abandonedCarts: number;
  checkedOutCarts: number;
  crossChannelCustomers: number;
}

/**
 * Each channel's figures over the orders placed in the window, cancelled ones
 * left out (they sold nothing): their totals, their units, and what has come
 * back from them so far (return lines and the returns' refund totals, store
 * credit included), whenever and wherever it was returned. Sums are bigint in
 * Postgres and read back as text, so money stays exact past 2^31. Each part
 * is joined to the window's orders and summed per channel straight away
 * (not per order first): over 100,000 orders that halved the time.
 */
export async function channelFigures(db: Database, window: KpiWindow): Promise<ChannelFigures[]> {
  const result = await db.execute<Record<Exclude<keyof ChannelFigures, 'channel'>, string> & { channel: Channel }>(sql`
    with placed as (
      select o.id, o.channel, o.customer_id, o.fulfillment_type, o.total from orders o
      where ${PLACED_AT} >= ${window.from.toISOString()}::timestamptz and ${PLACED_AT} < ${window.to.toISOString()}::timestamptz
        and o.currency = ${window.currency} and o.status <> 'cancelled'
    ), by_channel as (
      select p.channel, count(*) as orders, sum(p.total) as revenue,
        count(*) filter (where p.fulfillment_type in ('pickup', 'curbside')) as pickup_orders,
        coalesce(sum(p.total) filter (where p.customer_id is not null), 0) as customer_revenue
      from placed p group by p.channel
    ), sold as (
      select p.channel, sum(l.quantity) as units from placed p join order_lines l on l.order_id = p.id group by p.channel
    ), came_back as (
      select p.channel, sum(rl.quantity) as units from placed p join return_lines rl on rl.order_id = p.id group by p.channel
    ), refunded as (
      select p.channel, sum(r.refund_total) as amount from placed p join returns r on r.order_id = p.id group by p.channel
    )
    select b.channel, b.orders, b.revenue,
      coalesce(s.units, 0) as "unitsSold",
      coalesce(c.units, 0) as "unitsReturned",
      coalesce(r.amount, 0) as refunds,
      b.pickup_orders as "pickupOrders",
      b.customer_revenue as "customerRevenue"
    from by_channel b
      left join sold s on s.channel = b.channel
      left join came_back c on c.channel = b.channel
      left join refunded r on r.channel = b.channel`);
  return result.rows.map((row) => ({
    channel: row.channel,
    orders: Number(row.orders),
    revenue: Number(row.revenue),
    unitsSold: Number(row.unitsSold),
    unitsReturned: Number(row.unitsReturned),
    refunds: Number(row.refunds),
    pickupOrders: Number(row.pickupOrders),
    customerRevenue: Number(row.customerRevenue),
  }));
}

/**
 * Carts and customers in the window. Abandoned carts are the `cart.abandoned`
 * events written in it (one per idle period of a cart); checked-out carts are
 * orders placed from a cart in it, cancelled or not (the checkout happened).
 * Cross-channel customers had orders (not cancelled) on two or more channels.
 */
export async function windowFigures(db: Database, window: KpiWindow): Promise<WindowFigures> {
  const from = sql`${window.from.toISOString()}::timestamptz`;
  const to = sql`${window.to.toISOString()}::timestamptz`;
  const result = await db.execute<Record<keyof WindowFigures, string>>(sql`
    select
      (select count(*) from outbox e
        where e.topic = 'cart.abandoned' and e.stream is not null and e.created_at >= ${from} and e.created_at < ${to}
          and e.payload->>'currency' = ${window.currency}) as "abandonedCarts",
      (select count(*) from orders o
        where ${PLACED_AT} >= ${from} and ${PLACED_AT} < ${to}
          and o.currency = ${window.currency} and o.cart_id is not null) as "checkedOutCarts",
      (select count(*) from (
        select o.customer_id from orders o
        where ${PLACED_AT} >= ${from} and ${PLACED_AT} < ${to}
          and o.currency = ${window.currency} and o.status <> 'cancelled' and o.customer_id is not null
        group by o.customer_id having count(distinct o.channel) >= 2) as c) as "crossChannelCustomers"`);
  const row = result.rows[0];
  if (!row) throw new Error('the window figures query answered no row');
  return {
    abandonedCarts: Number(row.abandonedCarts),
    checkedOutCarts: Number(row.checkedOutCarts),
    crossChannelCustomers: Number(row.crossChannelCustomers),
  };
}
