import { z } from '@hono/zod-openapi';
import { CHANNELS } from '../domain/channels';
import { DEFAULT_CURRENCY } from '../domain/pricing';
import { CurrencySchema } from './pricing';

/** A window is at most a year and a day (a leap year, with room for a time zone's edge). */
export const MAX_KPI_WINDOW_DAYS = 367;
const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A date is a whole UTC day: as `from` its start, as `to` its end (the start of the next day). */
const edge = (end: boolean) =>
  z
    .union([z.iso.date(), z.iso.datetime({ offset: true })])
    .transform((value) => {
      const at = new Date(DATE.test(value) ? `${value}T00:00:00Z` : value);
      return end && DATE.test(value) ? new Date(at.getTime() + DAY_MS) : at;
    })
    .openapi({ type: 'string', example: '2026-11-01' });

export const KpiQuerySchema = z
  .object({
    from: edge(false),
    to: edge(true),
    currency: CurrencySchema.default(DEFAULT_CURRENCY),
  })
  .refine((query) => query.from < query.to, { path: ['to'], message: 'must be after from' })
  .refine((query) => query.to.getTime() - query.from.getTime() <= MAX_KPI_WINDOW_DAYS * DAY_MS, {
    path: ['to'],
    message: `the window is at most ${MAX_KPI_WINDOW_DAYS} days`,
  });

// Bounds no window comes near: a billion orders; 10^15 minor units, where a double is still exact to the unit.
const Count = z.number().int().min(0).max(1_000_000_000);
const Money = z.number().int().min(0).max(1e15);
const Share = z.number().min(0).max(1).nullable();

const Figures = {
  orders: Count,
  revenue: Money.describe('Totals of the orders placed in the window, cancelled ones excluded'),
  averageOrderValue: Money.describe('revenue ÷ orders, rounded down to the minor unit'),
  refunds: Money.describe('What returns of these orders gave back so far, store credit included'),
};

export const KpisSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    currency: CurrencySchema,
    channels: z.array(
      z.object({
        channel: z.enum(CHANNELS),
        ...Figures,
        unitsSold: Count,
        unitsReturned: Count.describe('Units of these orders returned so far'),
      }),
    ),
    totals: z.object(Figures),
    pickupShare: Share.describe('Pickup and curbside orders among orders not placed at a till'),
    cartAbandonmentRate: Share.describe('cart.abandoned events ÷ (those + orders placed from a cart)'),
    returnRate: Share.describe('Units returned ÷ units sold'),
    crossChannelCustomers: Count.describe('Customers with orders on two or more channels'),
    loyaltyRevenueShare: Share.describe(
      'Revenue of orders with a customer (every account earns points) ÷ revenue; the rest is guests',
    ),
  })
  .openapi('Kpis');
