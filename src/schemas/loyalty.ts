import { z } from '@hono/zod-openapi';
import { WALLET_ENTRY_KINDS } from '../domain/loyalty';
import { IdSchema, TextSchema, uniqueBy } from './common';

/**
 * The most a wallet balance, lifetime total or tier threshold is answered as:
 * far past anything earned or adjusted (adjustments move at most 10^9 each),
 * yet below Number.MAX_SAFE_INTEGER, so a client can hold it in a double.
 */
export const MAX_WALLET_FIGURE = 1_000_000_000_000_000;
/** The most one adjustment moves, either way, in points or minor units. */
export const MAX_ADJUSTMENT = 1_000_000_000;

export const WalletFigureSchema = z.number().int().min(0).max(MAX_WALLET_FIGURE);
const SignedWalletFigureSchema = z.number().int().min(-MAX_WALLET_FIGURE).max(MAX_WALLET_FIGURE);

export const LoyaltyTierSchema = z
  .object({
    id: IdSchema,
    name: TextSchema.min(1).max(100),
    minLifetimePoints: WalletFigureSchema.describe('Lifetime points that reach this tier'),
    earnMultiplierBp: z.number().int().min(0).max(100_000).describe('What an order earns, in basis points: 10000 = ×1'),
  })
  .openapi('LoyaltyTier');

export const LoyaltyProgramSchema = z
  .object({
    earn: z.object({
      points: z.number().int().min(0).max(1000).describe('Points earned per `perAmount` paid'),
      perAmount: z.number().int().min(1).max(1_000_000_000).describe('Minor units paid per `points`'),
    }),
    pointValue: z.number().int().min(0).max(1_000_000).describe('Minor units one point is worth when redeemed'),
    tiers: z
      .array(LoyaltyTierSchema)
      .max(20)
      .superRefine(uniqueBy((tier) => tier.id, 'tier id'))
      .superRefine(uniqueBy((tier) => String(tier.minLifetimePoints), 'minLifetimePoints')),
  })
  .openapi('LoyaltyProgram');

export const WalletEntrySchema = z
  .object({
    id: z.string(),
    kind: z.enum(WALLET_ENTRY_KINDS),
    points: SignedWalletFigureSchema.optional().describe('Signed change of the points balance'),
    amount: SignedWalletFigureSchema.optional().describe('Signed change of the store credit, minor units'),
    orderId: z.string().optional(),
    channel: z.string().optional(),
    createdAt: z.string(),
  })
  .openapi('WalletEntry');

export const LoyaltySchema = z
  .object({
    balance: WalletFigureSchema.describe('Points that can be redeemed'),
    lifetimePoints: WalletFigureSchema.describe('Points ever earned; they decide the tier'),
    tier: z.object({ id: z.string(), name: z.string() }).nullable(),
    storeCredit: WalletFigureSchema.describe('Store credit, minor units'),
    entries: z.array(WalletEntrySchema).describe('Newest first'),
    nextCursor: z.string().nullable(),
  })
  .openapi('Loyalty');

const AdjustmentFigureSchema = z
  .number()
  .int()
  .min(-MAX_ADJUSTMENT)
  .max(MAX_ADJUSTMENT)
  .refine((value) => value !== 0, 'must not be 0');

export const AdjustmentBodySchema = z
  .object({
    adjustmentId: IdSchema.describe('The caller’s id for this adjustment: a repeat with the same body changes nothing'),
    customerId: IdSchema,
    points: AdjustmentFigureSchema.optional().describe('Signed points to add or take'),
    storeCredit: AdjustmentFigureSchema.optional().describe('Signed store credit to add or take, minor units'),
    reason: TextSchema.min(1).max(500),
  })
  .refine((body) => body.points !== undefined || body.storeCredit !== undefined, {
    message: 'name points, storeCredit or both',
    path: ['points'],
  });
export type AdjustmentBody = z.infer<typeof AdjustmentBodySchema>;

export const AdjustmentSchema = z
  .object({
    adjustmentId: z.string(),
    customerId: z.string(),
    reason: z.string(),
    entries: z.array(WalletEntrySchema).describe('One per dimension moved: `adjust` for points, then `credit`/`debit`'),
  })
  .openapi('LoyaltyAdjustment');
