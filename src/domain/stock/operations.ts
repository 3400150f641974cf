// The StockDO's interface: what each operation takes and answers. Plain data,
// shared by the DO, the routes and (later) checkout.
import type { DeliveryState } from '../delivery';
import type { Hold } from './holds';
import type { LevelView, StockPolicy } from './levels';
import type { CountType } from './movements';

/** Where to hold: one named location, or the best of the given ship-from locations. */
export type ReserveTarget =
  { locationId: string; shipFrom?: never } | { shipFrom: readonly string[]; locationId?: never };

export type ReserveRequest = ReserveTarget & {
  /** Caller-chosen; a retry with the same id returns the same hold. */
  holdId: string;
  quantity: number;
  ttlMs: number;
  reference?: string;
};

export type ReserveResult =
  | { ok: true; hold: Hold; replayed: boolean; levels: LevelView[] }
  | { ok: false; reason: 'insufficient_stock'; requested: number; available: number }
  | { ok: false; reason: 'hold_id_conflict'; hold: Hold };

export type CommitResult =
  | {
      ok: true;
      hold: Hold;
      replayed: boolean;
      /** The hold had expired: onHand still dropped, reserved had already been given back. */
      late: boolean;
      /** The commit took units that were not available. */
      flagged: boolean;
    }
  | { ok: false; reason: 'hold_released'; hold: Hold }
  | { ok: false; reason: 'hold_not_found' };

export type ReleaseResult =
  | { ok: true; hold: Hold; replayed: boolean }
  | { ok: false; reason: 'hold_committed'; hold: Hold }
  | { ok: false; reason: 'hold_not_found' };

export interface SaleRequest {
  saleId: string;
  locationId: string;
  quantity: number;
  reference?: string;
  /** When the terminal rang it up; offline terminals sync later. Epoch ms, default now. */
  occurredAt?: number;
}

export interface RestockRequest {
  /** Caller-chosen, e.g. the return line's id. */
  id: string;
  locationId: string;
  quantity: number;
  reference?: string;
}

/** A level change with a stable id and its effect on the level. */
export interface MovementOutcome {
  id: string;
  replayed: boolean;
  flagged: boolean;
  level: LevelView;
}

export interface StockMovement {
  /** Caller-chosen; the movement is applied once whatever the number of retries. */
  id: string;
  locationId: string;
  /** `set`: an absolute count; `adjust`: a signed delta (receipt, shrinkage, correction). */
  type: CountType;
  quantity: number;
  reason?: string;
}

export interface ApplyMovementsResult {
  results: Omit<MovementOutcome, 'level'>[];
  /** The final level at every location the batch touched. */
  levels: LevelView[];
}

export interface PolicyRequest extends StockPolicy {
  locationId: string;
}

export interface AvailabilityResult {
  sku: string;
  locations: LevelView[];
}

/** How far the Postgres ledger is behind this SKU's movement log, and its delivery state (next attempt as ISO 8601). */
export interface LedgerStatus extends Omit<DeliveryState, 'nextAttemptAt'> {
  pendingMovements: number;
  pendingEvents: number;
  nextAttemptAt: string | null;
}
