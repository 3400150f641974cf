import type { Database } from '../db/client';
import { channelFigures, windowFigures, type ChannelFigures, type KpiWindow } from '../db/kpis';
import { CHANNELS, type Channel } from '../domain/channels';

// The KPIs of API.md over a window [from, to), in one currency, from the
// orders, returns and cart events in Postgres (definitions in docs/events.md).

/** Whole minor units: the average rounded down, so it never claims a cent that was not paid. */
const average = (revenue: number, orders: number) => (orders === 0 ? 0 : Math.floor(revenue / orders));

/** A share to four decimal places; null when there is nothing to share (no denominator). */
const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

const sum = (rows: readonly ChannelFigures[], field: keyof Omit<ChannelFigures, 'channel'>) =>
  rows.reduce((total, row) => total + row[field], 0);

const empty = (channel: Channel): ChannelFigures => ({
  channel,
  orders: 0,
  revenue: 0,
  unitsSold: 0,
  unitsReturned: 0,
  refunds: 0,
  pickupOrders: 0,
  customerRevenue: 0,
});

export async function kpisFor(db: Database, window: KpiWindow) {
  const [found, extras] = await Promise.all([channelFigures(db, window), windowFigures(db, window)]);
  const rows = CHANNELS.map((channel) => found.find((row) => row.channel === channel) ?? empty(channel));
  const online = rows.filter((row) => row.channel !== 'pos');
  const revenue = sum(rows, 'revenue');
  const orders = sum(rows, 'orders');
  const carts = extras.abandonedCarts + extras.checkedOutCarts;
  return {
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    currency: window.currency,
    channels: rows.map(({ channel, orders, revenue, unitsSold, unitsReturned, refunds }) => ({
      channel,
      orders,
      revenue,
      averageOrderValue: average(revenue, orders),
      unitsSold,
      unitsReturned,
      refunds,
    })),
    totals: { orders, revenue, averageOrderValue: average(revenue, orders), refunds: sum(rows, 'refunds') },
    pickupShare: share(sum(online, 'pickupOrders'), sum(online, 'orders')),
    cartAbandonmentRate: share(extras.abandonedCarts, carts),
    returnRate: share(sum(rows, 'unitsReturned'), sum(rows, 'unitsSold')),
    crossChannelCustomers: extras.crossChannelCustomers,
    loyaltyRevenueShare: share(sum(rows, 'customerRevenue'), revenue),
  };
}
