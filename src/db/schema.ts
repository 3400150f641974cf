import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { BACK_IN_STOCK_STATUSES } from '../domain/back-in-stock';
import { CHANNELS } from '../domain/channels';
import { LOOKUP_METHODS, type MarketingConsent } from '../domain/customers';
import { LOCATION_KINDS } from '../domain/locations';
import { ORDER_FULFILLMENT_TYPES, ORDER_STATUSES } from '../domain/orders/status';
import { DISPOSITIONS, REFUND_METHODS } from '../domain/returns/refund';
import { WALLET_ENTRY_KINDS, type LoyaltyProgram } from '../domain/loyalty/program';
import { STORE_RESERVATION_STATUSES } from '../domain/orders/store-reservation';
import { PROMOTION_KINDS, type PromotionTarget } from '../domain/pricing/types';
import { MOVEMENT_KINDS } from '../domain/stock/movements';
import { DELIVERY_STATUSES } from '../domain/webhooks/events';
import { createdMs } from './paging';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
};

export const products = pgTable('products', {
  sku: text('sku').primaryKey(),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
  active: boolean('active').notNull().default(true),
  ...timestamps,
});

export const locations = pgTable(
  'locations',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind', { enum: LOCATION_KINDS }).notNull(),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    pickup: boolean('pickup').notNull(),
    curbside: boolean('curbside').notNull(),
    shipFrom: boolean('ship_from').notNull(),
    ...timestamps,
  },
  (t) => [check('locations_kind_check', sql`${t.kind} in ('store', 'warehouse')`)],
);

export const priceBooks = pgTable('price_books', {
  id: text('id').primaryKey(),
  currency: text('currency').notNull(),
  // null means "any channel" / "any customer group"
  channel: text('channel', { enum: CHANNELS }),
  customerGroup: text('customer_group'),
  priority: integer('priority').notNull().default(0),
  validFrom: timestamp('valid_from', { withTimezone: true, mode: 'date' }),
  validTo: timestamp('valid_to', { withTimezone: true, mode: 'date' }),
  ...timestamps,
});

export const prices = pgTable(
  'prices',
  {
    priceBookId: text('price_book_id')
      .notNull()
      .references(() => priceBooks.id, { onDelete: 'cascade' }),
    sku: text('sku')
      .notNull()
      .references(() => products.sku),
    minQuantity: integer('min_quantity').notNull().default(1),
    unitAmount: integer('unit_amount').notNull(),
    compareAtAmount: integer('compare_at_amount'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.priceBookId, t.sku, t.minQuantity] }),
    index('prices_sku_idx').on(t.sku),
    check('prices_amount_check', sql`${t.unitAmount} >= 0`),
  ],
);

export const promotions = pgTable(
  'promotions',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind', { enum: PROMOTION_KINDS }).notNull(),
    value: integer('value').notNull(),
    target: jsonb('target').$type<PromotionTarget>().notNull(),
    buyQuantity: integer('buy_quantity'),
    getQuantity: integer('get_quantity'),
    code: text('code'),
    usageLimit: integer('usage_limit'),
    perCustomerLimit: integer('per_customer_limit'),
    // Checkout increments this with a conditional update, so the limit holds under concurrency.
    usageCount: integer('usage_count').notNull().default(0),
    conditions: jsonb('conditions')
      .$type<{ minSubtotal?: number; channels?: string[]; customerGroups?: string[] }>()
      .notNull()
      .default({}),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'date' }),
    endsAt: timestamp('ends_at', { withTimezone: true, mode: 'date' }),
    priority: integer('priority').notNull().default(0),
    exclusive: boolean('exclusive').notNull().default(false),
    active: boolean('active').notNull().default(true),
    ...timestamps,
  },
  (t) => [uniqueIndex('promotions_code_idx').on(sql`lower(${t.code})`)],
);

/**
 * The shopper's profile: created by their first `GET/PUT /v1/me` or order.
 * An email belongs to one customer, whatever its case (POS look-up matches it
 * that way); the phone is E.164 and not unique (a household shares one).
 */
export const customers = pgTable(
  'customers',
  {
    id: text('id').primaryKey(),
    name: text('name'),
    email: text('email'),
    phone: text('phone'),
    marketingConsent: jsonb('marketing_consent').$type<Partial<MarketingConsent>>().notNull().default({}),
    customerGroup: text('customer_group'),
    ...timestamps,
  },
  (t) => [uniqueIndex('customers_email_idx').on(sql`lower(${t.email})`), index('customers_phone_idx').on(t.phone)],
);

/**
 * Every look-up of a shopper at a till or by ops, for privacy audits: who
 * looked (token subject and role, the till's store), when, how, and whom it
 * found. The searched email or phone is not kept: the audit must not become
 * a second copy of personal data.
 */
export const customerLookups = pgTable(
  'customer_lookups',
  {
    id: text('id').primaryKey(),
    actorSub: text('actor_sub').notNull(),
    actorRole: text('actor_role').notNull(),
    locationId: text('location_id'),
    method: text('method', { enum: LOOKUP_METHODS }).notNull(),
    customerIds: text('customer_ids').array().notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    index('customer_lookups_customer_ids_idx').using('gin', t.customerIds),
    index('customer_lookups_occurred_at_idx').on(t.occurredAt),
  ],
);

/**
 * The inventory ledger: every StockDO movement, shipped asynchronously from
 * the DO's own log. `id` is the DO's movement id, so re-shipping a batch after
 * a crash or an outage inserts nothing twice.
 */
export const inventoryMovements = pgTable(
  'inventory_movements',
  {
    id: text('id').primaryKey(),
    sku: text('sku').notNull(),
    locationId: text('location_id').notNull(),
    kind: text('kind', { enum: MOVEMENT_KINDS }).notNull(),
    onHandDelta: integer('on_hand_delta').notNull(),
    reservedDelta: integer('reserved_delta').notNull(),
    quantity: integer('quantity').notNull(),
    reference: text('reference'),
    // Took units that were not available (offline POS sale, commit after expiry); for review.
    flagged: boolean('flagged').notNull().default(false),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'string' }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    index('inventory_movements_sku_idx').on(t.sku, t.locationId, t.occurredAt),
    index('inventory_movements_flagged_idx')
      .on(t.occurredAt)
      .where(sql`${t.flagged}`),
  ],
);

/** A top-level transaction id as Postgres 13+ keeps it (64-bit, never wraps), read as text. */
const xid8 = customType<{ data: string }>({ dataType: () => 'xid8' });

/**
 * Follow-up work and events, written in the same transaction as their cause
 * (or, for stock transitions, shipped from the StockDO with deterministic ids)
 * and drained by a dispatcher with retries and backoff. A row is its own
 * delivery record (see src/domain/delivery): attempts, available_at as the
 * next attempt, last_error, dead.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    topic: text('topic').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    availableAt: timestamp('available_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    processedAt: timestamp('processed_at', { withTimezone: true, mode: 'string' }),
    lastError: text('last_error'),
    dead: boolean('dead').notNull().default(false),
    /** When an event's webhook deliveries were created (src/webhooks/fan-out.ts); null until then, and for tasks. */
    fannedOutAt: timestamp('fanned_out_at', { withTimezone: true, mode: 'string' }),
    /** An event's stream (`order:<id>`, `sku:<sku>`, …; src/domain/events.ts); null for a task. */
    stream: text('stream'),
    /** The event's place in its stream, from event_streams in the writing statement; null for a task. */
    sequence: bigint('sequence', { mode: 'number' }),
    /** The writing transaction, with `position` the event log's order (src/db/event-log.ts). */
    txid: xid8('txid')
      .notNull()
      .default(sql`pg_current_xact_id()`),
    position: bigint('position', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
  },
  (t) => [
    index('outbox_pending_idx')
      .on(t.availableAt)
      .where(sql`${t.processedAt} is null and not ${t.dead}`),
    // KPIs count a window's abandoned carts (src/db/kpis.ts).
    index('outbox_topic_created_idx')
      .on(t.topic, t.createdAt)
      .where(sql`${t.stream} is not null`),
    index('outbox_event_log_idx')
      .on(t.txid, t.position)
      .where(sql`${t.stream} is not null`),
    // The cron's sweep for events whose queue message was lost; tasks are never fanned out, so they stay in it
    // but are filtered by topic.
    index('outbox_unfanned_idx')
      .on(t.createdAt)
      .where(sql`${t.fannedOutAt} is null`),
  ],
);

/** Where events are delivered (Standard Webhooks); the signing secret is stored sealed (src/lib/webhook-signing.ts). */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  /** Event types, or `*` for all. */
  events: text('events').array().notNull(),
  active: boolean('active').notNull().default(true),
  sealedSecret: text('sealed_secret').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});

/**
 * One event on its way to one endpoint, with its delivery record. It names
 * the outbox event and never copies its payload: the body is built from the
 * outbox row at send time, so erasing a customer's events erases what would
 * be sent too.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventId: text('event_id').notNull(),
    eventType: text('event_type').notNull(),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** When it is due; while an attempt runs, the end of its lease. Null once delivered or dead. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'string' }),
    lastResponseStatus: integer('last_response_status'),
    lastResponseExcerpt: text('last_response_excerpt'),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_endpoint_event_idx').on(t.endpointId, t.eventId),
    index('webhook_deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index('webhook_deliveries_list_idx').on(t.endpointId, t.createdAt),
  ],
);

/** Each event stream's last sequence, bumped by the statement that writes its events (src/db/outbox.ts). */
export const eventStreams = pgTable('event_streams', {
  stream: text('stream').primaryKey(),
  lastSequence: bigint('last_sequence', { mode: 'number' }).notNull(),
});

/** Human-friendly order numbers (AIS-100001, …), never reused even when a checkout rolls back. */
export const orderNumbers = pgSequence('order_number_seq', { startWith: 100001 });

export interface LineAllocation {
  locationId: string;
  quantity: number;
}

export const orders = pgTable(
  'orders',
  {
    id: text('id').primaryKey(),
    number: text('number').notNull().unique(),
    /** The customer's `sub`; null for a guest checkout or an anonymous sale at a till. */
    customerId: text('customer_id'),
    /** The cart it was checked out from; null for a sale at a till. */
    cartId: text('cart_id'),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    status: text('status', { enum: ORDER_STATUSES }).notNull(),
    fulfillmentType: text('fulfillment_type', { enum: ORDER_FULFILLMENT_TYPES }).notNull(),
    locationId: text('location_id'),
    pickupCode: text('pickup_code'),
    currency: text('currency').notNull(),
    subtotal: bigint('subtotal', { mode: 'number' }).notNull(),
    discount: bigint('discount', { mode: 'number' }).notNull(),
    total: bigint('total', { mode: 'number' }).notNull(),
    /** For ops: oversold, price_override, price_mismatch, offline, unknown_sku (src/domain/pos). */
    flags: text('flags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** A till's own id for the sale, unique per location: what makes a sale's upload safe to repeat. */
    saleId: text('sale_id'),
    /** When the till rang the sale up (an offline sale is uploaded later). */
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }),
    /** Unique per store and business day (UTC), e.g. 20261201-0042. */
    receiptNumber: text('receipt_number'),
    /** Cash handed back when cash was over-tendered. */
    changeDue: bigint('change_due', { mode: 'number' }).notNull().default(0),
    /** The till's offline catalog pack the sale was priced from, as the till reported it. */
    catalogVersion: text('catalog_version'),
    /** When it reached the shopper (picked up, shipped, sold at a till): the return window opens then. */
    fulfilledAt: timestamp('fulfilled_at', { withTimezone: true, mode: 'date' }),
    /** Curbside: when the shopper said they were outside, and where. */
    arrivedAt: timestamp('arrived_at', { withTimezone: true, mode: 'date' }),
    arrival: jsonb('arrival').$type<{ spot?: string; note?: string }>(),
    contact: jsonb('contact').$type<Record<string, string>>().notNull().default({}),
    shippingAddress: jsonb('shipping_address').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('orders_location_idx').on(t.locationId, t.status),
    // Order lists page along these newest first (src/db/paging.ts): every channel's orders for ops, one store's,
    // one customer's. A channel or status filter reads the first with a filter: each is a large share of orders.
    index('orders_created_idx').on(createdMs(t.createdAt), t.id),
    index('orders_location_created_idx').on(t.locationId, createdMs(t.createdAt), t.id),
    index('orders_customer_created_idx').on(t.customerId, createdMs(t.createdAt), t.id),
    // KPIs cut by when an order was placed: a till's sale when it was rung up (src/db/kpis.ts).
    index('orders_placed_at_idx').on(sql`coalesce(${t.occurredAt}, ${t.createdAt})`),
    uniqueIndex('orders_sale_idx')
      .on(t.locationId, t.saleId)
      .where(sql`${t.saleId} is not null`),
    uniqueIndex('orders_receipt_idx')
      .on(t.locationId, t.receiptNumber)
      .where(sql`${t.receiptNumber} is not null`),
  ],
);

/** The last receipt number given at a store on a business day (UTC), drawn in the sale's own transaction. */
export const receiptCounters = pgTable(
  'receipt_counters',
  {
    locationId: text('location_id').notNull(),
    businessDay: text('business_day').notNull(),
    lastNumber: integer('last_number').notNull(),
  },
  (t) => [primaryKey({ columns: [t.locationId, t.businessDay] })],
);

export const orderLines = pgTable(
  'order_lines',
  {
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    lineNo: integer('line_no').notNull(),
    sku: text('sku').notNull(),
    quantity: integer('quantity').notNull(),
    unitAmount: bigint('unit_amount', { mode: 'number' }).notNull(),
    discount: bigint('discount', { mode: 'number' }).notNull(),
    lineTotal: bigint('line_total', { mode: 'number' }).notNull(),
    /** The stock hold behind the line (none for a sale at a till) and where its units were taken from. */
    holdId: text('hold_id'),
    allocations: jsonb('allocations').$type<LineAllocation[]>().notNull(),
    /** A till's manual price: why the staff member set it. */
    overrideReason: text('override_reason'),
    /** An offline sale's line as the engine would have priced it at the sale's time, kept for ops beside what was charged. */
    engineUnitAmount: bigint('engine_unit_amount', { mode: 'number' }),
    engineLineTotal: bigint('engine_line_total', { mode: 'number' }),
    flags: text('flags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.lineNo] })],
);

export const payments = pgTable('payments', {
  id: text('id').primaryKey(),
  orderId: text('order_id')
    .notNull()
    .references(() => orders.id, { onDelete: 'cascade' }),
  method: text('method').notNull(),
  provider: text('provider').notNull(),
  status: text('status').notNull(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  providerReference: text('provider_reference').notNull(),
  /** What the till reported with a tender, e.g. the card terminal's approval code. */
  reference: text('reference'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const promotionRedemptions = pgTable(
  'promotion_redemptions',
  {
    promotionId: text('promotion_id').notNull(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    customerId: text('customer_id'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.promotionId, t.orderId] })],
);

/** Per-customer use counts, incremented with a conditional upsert so a perCustomerLimit holds under concurrency. */
export const promotionCustomerUsage = pgTable(
  'promotion_customer_usage',
  {
    promotionId: text('promotion_id').notNull(),
    customerId: text('customer_id').notNull(),
    uses: integer('uses').notNull(),
  },
  (t) => [primaryKey({ columns: [t.promotionId, t.customerId] })],
);

/**
 * "Bought together": how many orders, of every channel, held both SKUs. One
 * row per unordered pair (sku_a < sku_b), bumped in the order's own statement
 * (insertOrder); read only to publish each SKU's partners to the read model.
 */
export const skuPairs = pgTable(
  'sku_pairs',
  {
    skuA: text('sku_a').notNull(),
    skuB: text('sku_b').notNull(),
    orders: integer('orders').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.skuA, t.skuB] }),
    // The primary key finds a SKU's partners as sku_a; this finds them as sku_b.
    index('sku_pairs_sku_b_idx').on(t.skuB),
    check('sku_pairs_ordered', sql`${t.skuA} < ${t.skuB}`),
  ],
);

/**
 * Idempotency-Key records. A request claims its key (in_progress, with a
 * lease); the transaction that creates the order also stores the response,
 * so a repeat returns exactly what the first request answered.
 */
export const idempotencyKeys = pgTable('idempotency_keys', {
  key: text('key').primaryKey(),
  requestHash: text('request_hash').notNull(),
  status: text('status', { enum: ['in_progress', 'completed'] }).notNull(),
  responseStatus: integer('response_status'),
  responseBody: jsonb('response_body').$type<Record<string, unknown>>(),
  lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }).notNull(),
  /** How many times a request has run under this key (a payment reference is per attempt). */
  attempts: integer('attempts').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const storeReservations = pgTable(
  'store_reservations',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id').notNull(),
    locationId: text('location_id').notNull(),
    items: jsonb('items').$type<{ sku: string; quantity: number }[]>().notNull(),
    status: text('status', { enum: STORE_RESERVATION_STATUSES }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('store_reservations_location_idx').on(t.locationId, t.status)],
);

/** A return of some of an order's units at a store, with what it refunded. */
export const returns = pgTable(
  'returns',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    /** The caller's id for the return, unique per order: a repeat is the same return. */
    returnId: text('return_id').notNull(),
    /** Where the goods came back: restocked units go on this store's shelf. */
    locationId: text('location_id').notNull(),
    refundMethod: text('refund_method', { enum: REFUND_METHODS }).notNull(),
    reason: text('reason'),
    /** Ops took it back outside the return window. */
    forced: boolean('forced').notNull().default(false),
    refundTotal: bigint('refund_total', { mode: 'number' }).notNull(),
    /** Who took it back (the till's or ops' `sub`). */
    takenBy: text('taken_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('returns_order_return_idx').on(t.orderId, t.returnId)],
);

export const returnLines = pgTable(
  'return_lines',
  {
    returnId: text('return_id')
      .notNull()
      .references(() => returns.id, { onDelete: 'cascade' }),
    lineNo: integer('line_no').notNull(),
    orderId: text('order_id').notNull(),
    sku: text('sku').notNull(),
    quantity: integer('quantity').notNull(),
    disposition: text('disposition', { enum: DISPOSITIONS }).notNull(),
    refundAmount: bigint('refund_amount', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.returnId, t.lineNo] }), index('return_lines_order_idx').on(t.orderId, t.sku)],
);

/**
 * Money a return gives back, one row per tender (or one onto store credit).
 * `pending` until the provider confirms; the outbox retries it, keyed by the
 * row's id, so a refund is never lost and never paid twice.
 */
export const refunds = pgTable(
  'refunds',
  {
    id: text('id').primaryKey(),
    returnId: text('return_id')
      .notNull()
      .references(() => returns.id, { onDelete: 'cascade' }),
    orderId: text('order_id').notNull(),
    /** The payment refunded; null for store credit. */
    paymentId: text('payment_id'),
    /** The tender given back (card, cash, test, pay_in_store), or store_credit. */
    method: text('method').notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    status: text('status', { enum: ['pending', 'refunded', 'failed'] }).notNull(),
    providerReference: text('provider_reference'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('refunds_order_idx').on(t.orderId)],
);

/** The loyalty program: one row, published by ops (PUT /v1/admin/loyalty). */
export const loyaltyProgram = pgTable('loyalty_program', {
  id: text('id').primaryKey(),
  program: jsonb('program').$type<LoyaltyProgram>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/**
 * A customer's wallet: points and store credit. Every change is a conditional
 * update in the transaction of the order, sale, return or adjustment that
 * causes it, with its ledger row; the checks make a negative balance
 * impossible under any concurrency.
 */
export const wallets = pgTable(
  'wallets',
  {
    customerId: text('customer_id').primaryKey(),
    points: bigint('points', { mode: 'number' }).notNull().default(0),
    lifetimePoints: bigint('lifetime_points', { mode: 'number' }).notNull().default(0),
    tierId: text('tier_id'),
    storeCredit: bigint('store_credit', { mode: 'number' }).notNull().default(0),
    /** When the customer's erasure closed it (balances zeroed by a closing entry); a closed wallet earns nothing. */
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    check('wallets_points_check', sql`${t.points} >= 0`),
    check('wallets_store_credit_check', sql`${t.storeCredit} >= 0`),
  ],
);

/** The wallet's ledger: one row per change; a wallet's balances are the sums of its rows. */
export const walletEntries = pgTable(
  'wallet_entries',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id').notNull(),
    kind: text('kind', { enum: WALLET_ENTRY_KINDS }).notNull(),
    /** Signed: what the entry did to the points balance. */
    points: bigint('points', { mode: 'number' }).notNull().default(0),
    /** Signed minor units: what it did to the store credit balance. */
    amount: bigint('amount', { mode: 'number' }).notNull().default(0),
    orderId: text('order_id'),
    returnId: text('return_id'),
    channel: text('channel'),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('wallet_entries_customer_idx').on(t.customerId, t.createdAt, t.id)],
);

/**
 * "Notify me when it's back": a customer's wish to hear once when a SKU is
 * available again at a location (null: the ship-from network). A waiting row
 * becomes `notified` exactly once, by the notify task of a back-in-stock
 * transition; a customer has at most one waiting row per SKU and place.
 */
export const backInStockSubscriptions = pgTable(
  'back_in_stock_subscriptions',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id').notNull(),
    sku: text('sku').notNull(),
    locationId: text('location_id'),
    status: text('status', { enum: BACK_IN_STOCK_STATUSES }).notNull().default('waiting'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    notifiedAt: timestamp('notified_at', { withTimezone: true, mode: 'date' }),
    /** The transition event that notified it. */
    notifiedBy: text('notified_by'),
  },
  (t) => [
    uniqueIndex('back_in_stock_waiting_once')
      .on(t.customerId, t.sku, sql`coalesce(${t.locationId}, '')`)
      .where(sql`${t.status} = 'waiting'`),
    index('back_in_stock_waiting_idx')
      .on(t.sku, t.locationId)
      .where(sql`${t.status} = 'waiting'`),
    index('back_in_stock_customer_idx').on(t.customerId, t.createdAt),
  ],
);

/**
 * Which customers wish for which SKU, so an admin price write can find whom
 * a lower price concerns (the ShopperDO holds the wish list itself; reads
 * never come here). One row per customer and SKU; guests are not indexed
 * until their wish list merges into a customer's. `last_amount` is the unit
 * price last seen for the row's channel and group, `drops` how many drops
 * were announced: each `customer.price_drop` moves both in the transaction
 * that writes it, by a conditional update, so a drop is announced once.
 */
export const wishlistIndex = pgTable(
  'wishlist_index',
  {
    customerId: text('customer_id').notNull(),
    sku: text('sku').notNull(),
    /** The channel the item was added on and the customer's group then: the price they would pay. */
    channel: text('channel', { enum: CHANNELS }).notNull(),
    customerGroup: text('customer_group'),
    currency: text('currency').notNull(),
    /** Null while the SKU has no price for the row's channel and group. */
    lastAmount: bigint('last_amount', { mode: 'number' }),
    drops: integer('drops').notNull().default(0),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.customerId, t.sku] }), index('wishlist_index_sku_idx').on(t.sku)],
);
