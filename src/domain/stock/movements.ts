import { rawAvailable, type StockLevel } from './levels';
import { detectTransitions, type TransitionKind } from './transitions';

/**
 * Every change of onHand or reserved is one of these, logged with a stable
 * id, so the ledger in Postgres can be rebuilt into the DO's figures.
 * `expire` is a hold released by its TTL; `sale` a direct POS sale; `set` a
 * stock count; `adjust` a receipt or correction; `restock` a return.
 */
export const MOVEMENT_KINDS = ['reserve', 'commit', 'release', 'expire', 'sale', 'set', 'adjust', 'restock'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** The movements an ERP or WMS sends: a count (`set`) or a delta (`adjust`). */
export const COUNT_TYPES = ['set', 'adjust'] as const satisfies readonly MovementKind[];
export type CountType = (typeof COUNT_TYPES)[number];

export interface LevelDelta {
  onHand: number;
  reserved: number;
}

export interface AppliedDelta {
  level: StockLevel;
  /**
   * The change took goods that were not available (onHand − reserved −
   * safetyStock went below zero, or further below). It is accepted anyway,
   * because the goods already left, and flagged for someone to look at.
   */
  flagged: boolean;
  /** How many of the units it took were not available (0 unless flagged): what ops must find elsewhere. */
  shortfall: number;
  transitions: TransitionKind[];
}

export class StockInvariantError extends Error {
  override name = 'StockInvariantError';
}

/** The one way a level changes; everything else decides which delta to apply. */
export function applyDelta(before: StockLevel, delta: LevelDelta): AppliedDelta {
  const level = { ...before, onHand: before.onHand + delta.onHand, reserved: before.reserved + delta.reserved };
  // Holds are the only source of reserved units, so this is a bug, never an input error.
  if (level.reserved < 0) {
    throw new StockInvariantError(`reserved at ${before.locationId} would drop to ${level.reserved}`);
  }
  const shortfall = Math.max(0, Math.max(0, -rawAvailable(level)) - Math.max(0, -rawAvailable(before)));
  return { level, flagged: shortfall > 0, shortfall, transitions: detectTransitions(before, level) };
}

/** The delta a stock count implies: it replaces onHand, whatever is reserved. */
export const countDelta = (level: StockLevel, counted: number): LevelDelta => ({
  onHand: counted - level.onHand,
  reserved: 0,
});

/**
 * Ledger ids are scoped by SKU (two StockDOs may see the same caller id, e.g.
 * one checkout's holds) and built with `/`, which neither SKUs nor caller ids
 * may contain, so two different movements can never share an id.
 */
export const movementId = (sku: string, ...parts: string[]): string => [sku, ...parts].join('/');

export const transitionEventId = (movement: string, kind: TransitionKind): string => `${movement}:${kind}`;

/** A sale at a till took units that were not there: ops move stock in, or contact the online orders it left short. */
export const OVERSOLD_TOPIC = 'inventory.oversold';
export const oversoldEventId = (movement: string): string => `${movement}:oversold`;

export const TRANSITION_TOPICS: Record<TransitionKind, string> = {
  low_stock: 'inventory.low_stock',
  back_in_stock: 'inventory.back_in_stock',
};
