import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

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
    kind: text('kind', { enum: ['store', 'warehouse'] }).notNull(),
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
  channel: text('channel'),
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
    kind: text('kind', { enum: ['percent_off', 'amount_off', 'buy_x_get_y'] }).notNull(),
    value: integer('value').notNull(),
    target: jsonb('target').$type<{ scope: 'order' | 'skus'; skus?: string[] }>().notNull(),
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

export const customers = pgTable('customers', {
  id: text('id').primaryKey(),
  email: text('email'),
  phone: text('phone'),
  customerGroup: text('customer_group'),
  ...timestamps,
});
