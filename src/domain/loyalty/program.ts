// The loyalty program's arithmetic: pure and exact. Points and amounts are
// integers; products that could pass 2^53 are taken in BigInt.

/** A tier by lifetime points; its multiplier scales what an order earns (10000 = ×1). */
export interface LoyaltyTier {
  id: string;
  name: string;
  minLifetimePoints: number;
  earnMultiplierBp: number;
}

export interface LoyaltyProgram {
  /** `points` per `perAmount` minor units paid, e.g. 1 point per 100. */
  earn: { points: number; perAmount: number };
  /** Minor units one point is worth when redeemed. */
  pointValue: number;
  tiers: LoyaltyTier[];
}

/** Until ops set one: nothing is earned, and points are worth nothing. */
export const NO_PROGRAM: LoyaltyProgram = { earn: { points: 0, perAmount: 1 }, pointValue: 0, tiers: [] };

/** What a wallet entry did: points earned, redeemed, taken back, given back, adjusted; store credit credited or spent. */
export const WALLET_ENTRY_KINDS = ['earn', 'redeem', 'reverse', 'restore', 'adjust', 'credit', 'debit'] as const;
export type WalletEntryKind = (typeof WALLET_ENTRY_KINDS)[number];

const BASIS = 10_000n;

/** The tier of a customer with `lifetimePoints`: the highest whose threshold they reached, or none. */
export function tierFor(program: LoyaltyProgram, lifetimePoints: number): LoyaltyTier | null {
  let best: LoyaltyTier | null = null;
  for (const tier of program.tiers) {
    if (tier.minLifetimePoints <= lifetimePoints && (!best || tier.minLifetimePoints > best.minLifetimePoints)) {
      best = tier;
    }
  }
  return best;
}

/**
 * Points an order earns on `amountPaid` (what was paid other than with points
 * or store credit): `points` per whole `perAmount`, rounded down, times the
 * tier's multiplier, rounded down.
 */
export function pointsEarned(program: LoyaltyProgram, tier: LoyaltyTier | null, amountPaid: number): number {
  const { points, perAmount } = program.earn;
  if (amountPaid <= 0 || points <= 0) return 0;
  const base = (BigInt(amountPaid) / BigInt(perAmount)) * BigInt(points);
  const multiplier = BigInt(tier?.earnMultiplierBp ?? Number(BASIS));
  return Number((base * multiplier) / BASIS);
}

/**
 * How many of an order's `earned` points its returns take back once
 * `refunded` of `paid` has been refunded in all: pro rata, rounded down, and
 * every point once everything is refunded. A return reverses this minus what
 * earlier returns reversed, so the reversals add up exactly to `earned`.
 */
export function pointsReversedAfter(earned: number, paid: number, refunded: number): number {
  if (earned <= 0 || paid <= 0) return 0;
  if (refunded >= paid) return earned;
  return Number((BigInt(earned) * BigInt(Math.max(0, refunded))) / BigInt(paid));
}

/** What `points` are worth off an order, in minor units. */
export const pointsValue = (program: LoyaltyProgram, points: number): number => points * program.pointValue;
