import { z } from '@hono/zod-openapi';
import { ProfileSchema } from './customers';
import { WalletFigureSchema } from './loyalty';
import { MoneySchema } from './pricing';

// The export holds rows as Aisle stores them (every column, camelCase, times as ISO 8601), so a new
// column shows up in it without a second list to keep; the fields named here are the ones that matter.

const Row = z.record(z.string(), z.unknown());
const row = (fields: z.ZodRawShape) => z.looseObject(fields);

const OrderRowSchema = row({
  id: z.string(),
  number: z.string(),
  channel: z.string(),
  status: z.string(),
  currency: z.string(),
  total: MoneySchema,
  contact: Row.describe('email and phone given at checkout; empty after erasure'),
  shippingAddress: Row.nullable().describe('after erasure only `country` stays (tax)'),
  lines: z.array(Row),
  payments: z.array(Row),
  createdAt: z.iso.datetime(),
}).openapi('ExportedOrder');

const ReturnRowSchema = row({
  id: z.string(),
  orderId: z.string(),
  refundTotal: MoneySchema,
  lines: z.array(Row),
  refunds: z.array(Row),
  createdAt: z.iso.datetime(),
}).openapi('ExportedReturn');

export const PrivacyExportSchema = z
  .object({
    customerId: z.string(),
    exportedAt: z.iso.datetime(),
    profile: ProfileSchema,
    orders: z.array(OrderRowSchema).describe('Every channel’s orders, with lines, payments, contact and address'),
    returns: z.array(ReturnRowSchema).describe('Returns of those orders, with their lines and refunds'),
    wallet: z.object({
      points: WalletFigureSchema,
      lifetimePoints: WalletFigureSchema,
      storeCredit: WalletFigureSchema,
      tierId: z.string().nullable(),
      closedAt: z.iso.datetime().nullable().describe('When erasure closed it'),
      entries: z.array(Row).describe('Every ledger entry, oldest first: the balances are their sums'),
    }),
    wishlist: z.array(row({ sku: z.string(), channel: z.string(), addedAt: z.iso.datetime() })),
    recentlyViewed: z.array(row({ sku: z.string(), viewedAt: z.iso.datetime() })),
    backInStock: z.array(row({ id: z.string(), sku: z.string(), status: z.string() })),
    storeReservations: z.array(Row),
    cart: row({ lines: z.array(Row), coupons: z.array(z.string()) }).describe('The open cart (CartDO)'),
    events: z
      .array(row({ id: z.string(), topic: z.string(), payload: Row, createdAt: z.iso.datetime() }))
      .describe('Stored outbox events and tasks naming them: their id, their cart or one of their orders'),
    lookups: z
      .array(
        row({
          actorRole: z.string(),
          locationId: z.string().nullable(),
          method: z.string(),
          occurredAt: z.iso.datetime(),
        }),
      )
      .describe('When a till or ops looked them up, and how (the audit keeps no searched email or phone)'),
  })
  .openapi('PrivacyExport');

export const ErasedSchema = z.object({ erased: z.literal(true) }).openapi('Erased');
