import { z } from '@hono/zod-openapi';
import { CHANNELS } from '../domain/channels';
import { EVENT_TYPES, type EventType } from '../domain/events';
import { ORDER_STATUSES } from '../domain/orders/status';
import { CounterSchema, StockFigureSchema, UnitsSchema } from './bounds';
import { CurrencySchema, MoneySchema, QuantitySchema, TotalsSchema } from './pricing';

// The catalog of events (docs/events.md): each type's `data`, written from
// what its writer puts in the outbox row. Objects are open (passthrough) so a
// field added later does not break a consumer validating with an older copy.

const Instant = z.iso.datetime({ offset: true });
const Nullable = z.string().nullable();

const OrderStatusChange = z.object({ orderId: z.string(), number: z.string(), status: z.enum(ORDER_STATUSES) }).loose();

const StockTransition = z
  .object({
    sku: z.string(),
    locationId: Nullable.describe('null: the whole ship-from network (`scope: network`)'),
    available: z
      .number()
      .int()
      .min(0)
      .max(1000 * 1_000_000_000),
    status: z.enum(['in_stock', 'low_stock', 'out_of_stock']).optional(),
    lowStockThreshold: UnitsSchema.optional(),
    scope: z.literal('network').optional(),
    movementId: z.string().optional(),
    occurredAt: Instant,
  })
  .loose();

export const EVENT_DATA_SCHEMAS: Record<EventType, z.ZodTypeAny> = {
  'order.placed': z
    .object({
      orderId: z.string(),
      number: z.string(),
      customerId: Nullable,
      channel: z.enum(CHANNELS),
      total: MoneySchema,
      currency: CurrencySchema,
    })
    .loose(),
  'order.ready_for_pickup': OrderStatusChange,
  'order.picked_up': OrderStatusChange,
  'order.shipped': OrderStatusChange,
  'order.cancelled': OrderStatusChange,
  'order.returned': OrderStatusChange,
  'order.customer_arrived': z
    .object({
      orderId: z.string(),
      number: z.string(),
      locationId: Nullable,
      spot: Nullable,
      note: Nullable,
      arrivedAt: Instant,
    })
    .loose(),
  'cart.abandoned': z
    .object({
      cartId: z.string().describe('The cart: `customer:<id>` (the customer’s one cart) or `guest:<id>`'),
      ownerKind: z
        .enum(['customer', 'guest'])
        .describe('A customer’s cart is theirs on every device: a reminder links to the shop, signed in'),
      customerId: Nullable.describe('null for a guest cart'),
      version: CounterSchema,
      lastActivityAt: Instant,
      abandonedAt: Instant,
      currency: CurrencySchema,
      lines: z.array(
        z
          .object({
            sku: z.string(),
            title: z.string(),
            quantity: QuantitySchema,
            unitAmount: MoneySchema.nullable().describe(
              'null: no price for the shopper (the cart cannot be checked out)',
            ),
            lineTotal: MoneySchema,
          })
          .loose(),
      ),
      totals: TotalsSchema.describe(
        'As the cart’s last writer sees it priced (their channel and group), in minor units',
      ),
      coupons: z.array(z.string()),
      // Absent once the customer's personal data is erased (src/privacy): the event stays, for replay.
      contact: z
        .object({ email: Nullable, phone: Nullable })
        .nullable()
        .optional()
        .describe('The profile’s e-mail and phone when the event was written; null when none is known (a guest)'),
    })
    .loose(),
  'inventory.low_stock': StockTransition,
  'inventory.back_in_stock': StockTransition,
  'inventory.oversold': z
    .object({
      sku: z.string(),
      locationId: z.string(),
      shortfall: UnitsSchema,
      quantity: UnitsSchema,
      onHand: StockFigureSchema,
      reserved: UnitsSchema,
      orderId: Nullable.describe('The sale behind it'),
      movementId: z.string(),
      occurredAt: Instant,
    })
    .loose(),
  'customer.back_in_stock': z
    .object({
      subscriptionId: z.string(),
      customerId: z.string(),
      sku: z.string(),
      locationId: Nullable,
      // Absent once the customer's personal data is erased (src/privacy): the event stays, for replay.
      email: Nullable.optional(),
      phone: Nullable.optional(),
      transitionEventId: z.string(),
    })
    .loose(),
  'customer.price_drop': z
    .object({
      customerId: z.string(),
      sku: z.string(),
      channel: z.enum(CHANNELS),
      currency: CurrencySchema,
      oldAmount: MoneySchema,
      newAmount: MoneySchema,
    })
    .loose(),
  'loyalty.tier_changed': z
    .object({ customerId: z.string(), from: Nullable, to: Nullable, orderId: z.string() })
    .loose(),
  'customer.redacted': z.object({ customerId: z.string(), redactedAt: z.iso.datetime() }).loose(),
};

/** A stream's counter is a bigint; no stream comes near 10^15 events, where a double is still exact. */
const Sequence = z.number().int().min(1).max(1e15);

/** One event as the log lists it and a webhook carries it in `data`. */
export function eventSchema(type: EventType) {
  return z.object({
    id: z.string().describe('Stable: the same event always has the same id'),
    type: z.literal(type),
    occurredAt: Instant,
    sequence: Sequence.describe(
      "Its place in its stream, strictly increasing: drop an event older than one you've seen",
    ),
    stream: z.string().describe('`order:<id>`, `cart:<id>`, `sku:<sku>` or `customer:<id>`'),
    data: EVENT_DATA_SCHEMAS[type],
  });
}

export const EventSchema = z
  .object({
    id: z.string(),
    type: z.enum(EVENT_TYPES),
    occurredAt: Instant,
    sequence: Sequence,
    stream: z.string(),
    data: z.record(z.string(), z.unknown()).describe('Per type: see the `webhooks` section of this document'),
  })
  .openapi('Event');

export const EventTypesSchema = z
  .string()
  .max(1000)
  .transform((value) => value.split(',').map((type) => type.trim()))
  .pipe(z.array(z.enum(EVENT_TYPES)).min(1).max(EVENT_TYPES.length))
  .openapi({ type: 'string', description: 'Comma-separated event types, e.g. `order.placed,order.shipped`' });

export const EventLogQuerySchema = z.object({
  after: z.string().min(1).max(300).optional().openapi({ description: 'The id of the last event you read' }),
  types: EventTypesSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const EventLogSchema = z
  .object({
    events: z.array(EventSchema),
    next: z.string().nullable().describe('Pass as `after` to read on; the given `after` when nothing is new yet'),
  })
  .openapi('EventLog');
