import { z } from '@hono/zod-openapi';
import {
  ORDER_FULFILLMENT_TYPES,
  ORDER_STATUSES,
  PAYMENT_METHODS,
  STORE_QUEUE_STATUSES,
  STORE_RESERVATION_STATUSES,
} from '../domain/orders';
import { SALE_FLAGS } from '../domain/pos';
import { MAX_ORDER_AMOUNT } from '../domain/pricing';
import { IdSchema, PageQuerySchema, SkuSchema, TextSchema, uniqueBy } from './common';
import {
  ChannelSchema,
  CurrencySchema,
  InstantSchema,
  LineRequestSchema,
  MoneySchema as Money,
  QuantitySchema,
  TotalsSchema,
} from './pricing';

export const ShippingAddressSchema = z
  .object({
    name: TextSchema.min(1).max(200),
    line1: TextSchema.min(1).max(200),
    line2: TextSchema.max(200).optional(),
    city: TextSchema.min(1).max(100),
    region: TextSchema.max(100).optional(),
    postalCode: TextSchema.min(1).max(20),
    country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as US'),
  })
  .openapi('ShippingAddress');

export const CheckoutBodySchema = z
  .object({
    payment: z.object({
      method: z.enum(PAYMENT_METHODS),
      token: TextSchema.min(1).max(200).optional(),
    }),
    contact: z.object({ email: z.email().max(254).optional(), phone: TextSchema.min(3).max(32).optional() }).optional(),
    shippingAddress: ShippingAddressSchema.optional(),
    quoteToken: TextSchema.min(1).max(8192).optional(),
    loyaltyPoints: z
      .number()
      .int()
      .min(1)
      .max(1_000_000_000)
      .optional()
      .describe("Points to pay with (each worth the program's pointValue); never above what is left to pay"),
    storeCredit: z
      .number()
      .int()
      .min(1)
      .max(MAX_ORDER_AMOUNT)
      .optional()
      .describe('Store credit to pay with, minor units; the card (or other method) pays the rest'),
  })
  .refine((body) => body.payment.method !== 'card' || body.payment.token !== undefined, {
    message: 'a card payment needs the token from the card form',
    path: ['payment', 'token'],
  })
  .openapi('CheckoutRequest');
export type CheckoutBody = z.infer<typeof CheckoutBodySchema>;

export const IdempotencyHeaderSchema = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{8,255}$/, 'must be 8-255 visible ASCII characters, e.g. a UUID')
    .describe('Required. A repeat with the same key and body returns the original response'),
});

const FlagsSchema = z.array(z.enum(SALE_FLAGS)).describe('For ops: what about this sale needs a look');

export const OrderSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    channel: ChannelSchema,
    customerId: z.string().nullable(),
    status: z.enum(ORDER_STATUSES).openapi('OrderStatus'),
    fulfillment: z.object({
      type: z.enum(ORDER_FULFILLMENT_TYPES).openapi('OrderFulfillmentType'),
      locationId: z.string().optional(),
      pickupCode: z.string().optional().describe('Shown to the shopper and ops only'),
      arrivedAt: z.string().optional().describe('Curbside: when the shopper said they were outside'),
      spot: z.string().optional().describe('Curbside: where they parked'),
      note: z.string().optional(),
    }),
    lines: z.array(
      z.object({
        sku: SkuSchema,
        quantity: QuantitySchema,
        unitAmount: Money,
        discount: Money,
        lineTotal: Money,
        flags: FlagsSchema.optional(),
        overrideReason: z.string().optional().describe('A manual price at the till: why it was set'),
        engine: z
          .object({ unitAmount: Money.nullable(), lineTotal: Money.nullable() })
          .optional()
          .describe('An offline sale: what the engine would have charged at the sale’s time (null: no price)'),
      }),
    ),
    totals: TotalsSchema,
    currency: CurrencySchema,
    payment: z
      .object({ method: z.string(), status: z.string() })
      .nullable()
      .describe('The first payment (an online order has one)'),
    payments: z.array(
      z.object({
        tender: z.string().describe('`card`, `cash` at a till; the checkout method online'),
        amount: Money,
        status: z.string(),
        reference: z.string().optional(),
      }),
    ),
    flags: FlagsSchema,
    sale: z
      .object({
        saleId: z.string(),
        occurredAt: z.string(),
        changeDue: Money,
        catalogVersion: z.string().optional(),
      })
      .optional()
      .describe('A sale at a till'),
    receipt: z
      .object({ number: z.string().describe('Unique per store and UTC day'), locationId: z.string() })
      .optional()
      .describe('A sale at a till: what its receipt prints besides the lines, totals and payments'),
    pickupPass: z.string().optional().describe('Signed pickup pass (JWS, EdDSA) a till verifies offline'),
    createdAt: z.string(),
  })
  .openapi('Order');
export type OrderView = z.infer<typeof OrderSchema>;

export const OrderIdParamSchema = z.object({ id: IdSchema });

const instant = (description: string) =>
  InstantSchema.transform((value) => new Date(value))
    .optional()
    .describe(description);

/** `GET /v1/admin/orders`: a page of every channel's orders, each filter optional. */
export const AdminOrderQuerySchema = PageQuerySchema.extend({
  channel: ChannelSchema.optional(),
  status: z.enum(ORDER_STATUSES).optional(),
  locationId: IdSchema.optional().describe('Its fulfilment location: the store of a pickup or a till’s sale'),
  customerId: IdSchema.optional(),
  from: instant('Created at or after this instant (UTC ISO 8601)'),
  to: instant('Created before this instant; after `from`'),
}).refine((query) => !query.from || !query.to || query.from < query.to, {
  path: ['to'],
  message: 'must be after from',
});

export const ArrivalBodySchema = z
  .object({
    spot: TextSchema.max(40).optional().describe('Where they parked, e.g. `Bay 3`'),
    note: TextSchema.max(200).optional().describe('Anything the store should know, e.g. `red hatchback`'),
  })
  .openapi('ArrivalRequest');

export const StoreQueueQuerySchema = z.object({
  status: z
    .enum(STORE_QUEUE_STATUSES)
    .default('ready_for_pickup')
    .describe('`ready_for_pickup`: waiting to be collected; `placed`: still to prepare'),
});

export const StoreReservationBodySchema = z
  .object({
    locationId: IdSchema,
    items: z
      .array(LineRequestSchema)
      .min(1)
      .max(50)
      .superRefine(uniqueBy((item) => item.sku, 'sku')),
  })
  .openapi('StoreReservationRequest');
export type StoreReservationBody = z.infer<typeof StoreReservationBodySchema>;

export const StoreReservationSchema = z
  .object({
    id: z.string(),
    locationId: z.string(),
    items: z.array(z.object({ sku: z.string(), quantity: QuantitySchema })),
    status: z.enum(STORE_RESERVATION_STATUSES),
    expiresAt: z.string(),
  })
  .openapi('StoreReservation');
export type StoreReservationView = z.infer<typeof StoreReservationSchema>;
