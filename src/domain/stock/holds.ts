import type { Allocation } from './allocation';
import type { ReserveTarget } from './operations';

/**
 * held → committed (sold) | released (given back by the caller) | expired
 * (given back by the TTL). An expired hold can still be committed; a released
 * one cannot (see `decideCommit`).
 */
export const HOLD_STATES = ['held', 'committed', 'released', 'expired'] as const;
export type HoldState = (typeof HOLD_STATES)[number];

export interface Hold {
  id: string;
  state: HoldState;
  quantity: number;
  /** What the hold is for: a cart, a checkout, a store reservation. */
  reference: string | null;
  expiresAt: string;
  allocations: Allocation[];
}

export type CommitDecision = 'commit' | 'late_commit' | 'replay' | 'refuse_released';

/**
 * Commit turns held units into sold ones: onHand and reserved both drop.
 * - After expiry it still decrements onHand (reserved was already given back):
 *   the order was placed and paid, so the goods are sold whether or not the
 *   hold outlived its TTL. If that takes units someone else could have had,
 *   the movement is flagged.
 * - After an explicit release it is refused: release is the caller's own
 *   compensation (checkout gave up), so a later commit is out of order and
 *   selling then could take units another shopper now holds.
 * - Committing twice changes nothing: checkout retries commits until they land.
 */
export function decideCommit(state: HoldState): CommitDecision {
  switch (state) {
    case 'held':
      return 'commit';
    case 'expired':
      return 'late_commit';
    case 'committed':
      return 'replay';
    case 'released':
      return 'refuse_released';
  }
}

export type ReleaseDecision = 'release' | 'replay' | 'refuse_committed';

/** Releasing what is no longer held (released, expired) is a harmless repeat; sold goods are not un-sold by it. */
export function decideRelease(state: HoldState): ReleaseDecision {
  switch (state) {
    case 'held':
      return 'release';
    case 'released':
    case 'expired':
      return 'replay';
    case 'committed':
      return 'refuse_committed';
  }
}

/** A repeated reserve with the same hold id is the same request only if it asks for the same thing. */
export function isSameReservation(hold: Hold, request: { quantity: number; locationId?: string }): boolean {
  if (hold.quantity !== request.quantity) return false;
  if (request.locationId === undefined) return true;
  return hold.allocations.length === 1 && hold.allocations[0]?.locationId === request.locationId;
}

/** A hold a multi-SKU flow (checkout, a store reservation) asks one StockDO for. */
export interface HoldRequest {
  sku: string;
  quantity: number;
  holdId: string;
  target: ReserveTarget;
}

export interface PlacedHold {
  sku: string;
  holdId: string;
  quantity: number;
  allocations: Hold['allocations'];
}

export interface Shortage {
  sku: string;
  requested: number;
  available: number;
}
