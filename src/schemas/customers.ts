import { z } from '@hono/zod-openapi';
import { CONSENT_CHANNELS, E164_PATTERN } from '../domain/customers';
import { CartSchema } from './cart';
import { IdSchema, TextSchema } from './common';
import { LoyaltySchema } from './loyalty';
import { OrderSchema } from './orders';
import { WishlistSchema } from './shopper';

const EmailSchema = z.email().max(254);
const PhoneSchema = z.string().regex(E164_PATTERN, 'must be E.164: + and up to 15 digits, e.g. +13125550100');
const NameSchema = TextSchema.min(1).max(200);

const ConsentSchema = z
  .object({
    granted: z.boolean(),
    updatedAt: z.iso.datetime().nullable().describe('When the shopper last changed it; null if never'),
    channel: z.string().nullable().describe('The sales channel they changed it on; null if never'),
  })
  .openapi('Consent');

const consentShape = <T extends z.ZodType>(schema: T) =>
  Object.fromEntries(CONSENT_CHANNELS.map((channel) => [channel, schema])) as Record<
    (typeof CONSENT_CHANNELS)[number],
    T
  >;

export const ProfileSchema = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable().describe('E.164'),
    marketingConsent: z.object(consentShape(ConsentSchema)),
    createdAt: z.iso.datetime(),
  })
  .openapi('Profile');

export const ProfileUpdateSchema = z
  .strictObject({
    name: NameSchema.nullable(),
    email: EmailSchema.nullable(),
    phone: PhoneSchema.nullable(),
    marketingConsent: z.strictObject(consentShape(z.boolean())).partial(),
  })
  .partial()
  .openapi('ProfileUpdate');

/** Ops have no store of their own: they may name one for `pickupsHere` (without, every store's). A till's is its own. */
export const LookupPlaceQuerySchema = z.object({
  locationId: IdSchema.optional().describe('Ops only: the store whose waiting pickups to show; ignored for a till'),
});

export const CustomerLookupQuerySchema = LookupPlaceQuerySchema.extend({
  email: EmailSchema.optional(),
  phone: PhoneSchema.optional(),
}).refine((query) => (query.email === undefined) !== (query.phone === undefined), {
  message: 'give exactly one of email and phone',
});

export const CustomerIdParamsSchema = z.object({ id: IdSchema });

export const Customer360Schema = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    loyalty: LoyaltySchema.pick({ balance: true, tier: true }),
    storeCredit: LoyaltySchema.shape.storeCredit,
    recentOrders: z.array(OrderSchema).max(10).describe('Every channel, newest first'),
    wishlist: z
      .array(WishlistSchema.shape.items.element.pick({ sku: true, title: true, available: true }))
      .describe('Their wish list, with what this store has of each (for ops without `locationId`: the network)'),
    cart: CartSchema.pick({ lines: true, totals: true }).describe('The shopper’s open online cart, priced for web'),
    pickupsHere: z.array(OrderSchema).describe('Their orders waiting for pickup at this store'),
  })
  .openapi('Customer360');
