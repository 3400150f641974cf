import {
  allocateAt,
  allocateShipment,
  applyDelta,
  availableAt,
  countDelta,
  decideCommit,
  decideRelease,
  isSameReservation,
  levelFor,
  movementId,
  nextWakeUp,
  requireCallerId,
  requireUnits,
  viewLevel,
  type AllocationPlan,
  type AppliedDelta,
  type ApplyMovementsResult,
  type CommitResult,
  type Hold,
  type LevelDelta,
  type LevelView,
  type MovementKind,
  type MovementOutcome,
  type PolicyRequest,
  type PublicLevel,
  type ReleaseResult,
  type ReserveRequest,
  type ReserveResult,
  type RestockRequest,
  type SaleRequest,
  type StockMovement,
} from '../../src/domain/stock';
import type { StockLedger } from './ledger';
import type { StockStore, StoredHold } from './store';

const MAX_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** The largest instant a JavaScript Date can hold. */
const MAX_INSTANT_MS = 8.64e15;

export interface MoveInput {
  id: string;
  locationId: string;
  kind: MovementKind;
  delta: LevelDelta;
  quantity: number;
  reference: string | null;
  occurredAt: number;
}

/**
 * One SKU's stock operations, synchronous over the DO's SQLite: nothing here
 * awaits, so an operation's checks and writes can never interleave with
 * another's. Every operation first expires overdue holds, so a late alarm
 * never lets a hold outlive its TTL in any answer. Arithmetic and decisions
 * come from src/domain/stock; this class applies them to storage.
 */
export class StockBook {
  private changed = false;

  constructor(
    private readonly sku: string,
    private readonly store: StockStore,
    private readonly ledger: StockLedger,
  ) {}

  levels(locationIds: readonly string[] | undefined, now: number): LevelView[] {
    this.expireHolds(now);
    return this.store.levels(locationIds).map(viewLevel);
  }

  hold(holdId: string, now: number): Hold | null {
    this.expireHolds(now);
    return this.store.hold(holdId)?.hold ?? null;
  }

  reserve(request: ReserveRequest, now: number): ReserveResult {
    requireCallerId(request.holdId, 'holdId');
    requireUnits(request.quantity, 'quantity', 1);
    requireUnits(request.ttlMs, 'ttlMs', 1, MAX_TTL_MS);
    this.expireHolds(now);
    const existing = this.store.hold(request.holdId);
    if (existing) {
      return isSameReservation(existing.hold, request)
        ? { ok: true, hold: existing.hold, replayed: true, levels: this.viewsAt(existing.hold) }
        : { ok: false, reason: 'hold_id_conflict', hold: existing.hold };
    }
    const plan = this.planReservation(request);
    if (!plan.ok)
      return { ok: false, reason: 'insufficient_stock', requested: plan.requested, available: plan.available };

    const reference = request.reference ?? null;
    this.store.transaction(() => {
      this.store.insertHold(request.holdId, plan.allocations, reference, now + request.ttlMs);
      for (const { locationId, quantity } of plan.allocations) {
        const id = movementId(this.sku, 'hold', request.holdId, locationId, 'reserve');
        this.move({
          id,
          locationId,
          kind: 'reserve',
          delta: { onHand: 0, reserved: quantity },
          quantity,
          reference,
          occurredAt: now,
        });
      }
    });
    const hold = this.requireHold(request.holdId).hold;
    return { ok: true, hold, replayed: false, levels: this.viewsAt(hold) };
  }

  commit(holdId: string, now: number): CommitResult {
    this.expireHolds(now);
    const stored = this.store.hold(holdId);
    if (!stored) return { ok: false, reason: 'hold_not_found' };
    const decision = decideCommit(stored.hold.state);
    if (decision === 'refuse_released') return { ok: false, reason: 'hold_released', hold: stored.hold };
    if (decision === 'replay')
      return { ok: true, hold: stored.hold, replayed: true, late: false, flagged: stored.flagged };

    const late = decision === 'late_commit';
    const flagged = this.store.transaction(() => {
      const moved = stored.hold.allocations.map(({ locationId, quantity }) =>
        this.move({
          id: movementId(this.sku, 'hold', holdId, locationId, 'commit'),
          locationId,
          kind: 'commit',
          // After expiry the reservation was already given back; only onHand is left to drop.
          delta: { onHand: -quantity, reserved: late ? 0 : -quantity },
          quantity,
          reference: stored.hold.reference,
          occurredAt: now,
        }),
      );
      const anyFlagged = moved.some((result) => result.flagged);
      this.store.settleHold(holdId, 'committed', now, anyFlagged);
      return anyFlagged;
    });
    return { ok: true, hold: this.requireHold(holdId).hold, replayed: false, late, flagged };
  }

  release(holdId: string, now: number): ReleaseResult {
    this.expireHolds(now);
    const stored = this.store.hold(holdId);
    if (!stored) return { ok: false, reason: 'hold_not_found' };
    const decision = decideRelease(stored.hold.state);
    if (decision === 'refuse_committed') return { ok: false, reason: 'hold_committed', hold: stored.hold };
    if (decision === 'replay') return { ok: true, hold: stored.hold, replayed: true };
    this.store.transaction(() => this.giveBack(stored, 'release', now));
    return { ok: true, hold: this.requireHold(holdId).hold, replayed: false };
  }

  sell(request: SaleRequest, now: number): MovementOutcome {
    requireCallerId(request.saleId, 'saleId');
    requireUnits(request.quantity, 'quantity', 1);
    // It is shipped to Postgres as a timestamp; a bad one would block the ledger behind it.
    if (request.occurredAt !== undefined) requireUnits(request.occurredAt, 'occurredAt', 0, MAX_INSTANT_MS);
    const { locationId, quantity } = request;
    const id = movementId(this.sku, 'sale', request.saleId);
    const delta = { onHand: -quantity, reserved: 0 };
    return this.applyOnce(
      {
        id,
        locationId,
        kind: 'sale',
        delta,
        quantity,
        reference: request.reference ?? null,
        occurredAt: request.occurredAt ?? now,
      },
      now,
    );
  }

  restock(request: RestockRequest, now: number): MovementOutcome {
    requireCallerId(request.id, 'id');
    requireUnits(request.quantity, 'quantity', 1);
    const { locationId, quantity } = request;
    const id = movementId(this.sku, 'restock', request.id);
    const delta = { onHand: quantity, reserved: 0 };
    return this.applyOnce(
      { id, locationId, kind: 'restock', delta, quantity, reference: request.reference ?? null, occurredAt: now },
      now,
    );
  }

  /** All of a batch or none of it: a bad movement rolls the batch back. */
  applyMovements(movements: readonly StockMovement[], now: number): ApplyMovementsResult {
    this.expireHolds(now);
    const outcomes = this.store.transaction(() => movements.map((movement) => this.applyStockMovement(movement, now)));
    const touched = [...new Set(movements.map((movement) => movement.locationId))];
    return {
      results: outcomes.map(({ id, replayed, flagged }) => ({ id, replayed, flagged })),
      levels: this.store.levels(touched).map(viewLevel),
    };
  }

  /** Policy moves no units, so it is not a movement and emits no transition. */
  setPolicies(requests: readonly PolicyRequest[], now: number): LevelView[] {
    for (const request of requests) {
      requireUnits(request.safetyStock, 'safetyStock', 0);
      requireUnits(request.lowStockThreshold, 'lowStockThreshold', 0);
    }
    this.expireHolds(now);
    const levels = requests.map((request) => ({
      ...this.store.level(request.locationId),
      safetyStock: request.safetyStock,
      lowStockThreshold: request.lowStockThreshold,
    }));
    this.store.transaction(() => levels.forEach((level) => this.store.saveLevel(level)));
    this.changed = true;
    return levels.map(viewLevel);
  }

  /** Gives back every hold whose TTL has passed. Idempotent: an expired hold is no longer `held`. */
  expireHolds(now: number): void {
    const due = this.store.expiredHoldIds(now);
    if (due.length === 0) return;
    this.store.transaction(() => {
      for (const id of due) {
        const stored = this.store.hold(id);
        if (stored) this.giveBack(stored, 'expire', now);
      }
    });
  }

  /** When the DO's one alarm must next fire, from storage alone. */
  wakeUpAt(): number | null {
    return nextWakeUp(this.store.nextHoldExpiry(), this.ledger.nextAttempt());
  }

  /** What subscribers of the live feed see: every stocked location, shopper's view. */
  publicLevels(): PublicLevel[] {
    return this.store.levels().map((level) => levelFor('public', viewLevel(level)));
  }

  /** True once after any operation changed a level. */
  takeChange(): boolean {
    const changed = this.changed;
    this.changed = false;
    return changed;
  }

  /** A stand-alone movement named by the caller's id (sale, restock): applied once; a replay answers the current level. */
  private applyOnce(input: MoveInput, now: number): MovementOutcome {
    this.expireHolds(now);
    const replay = this.replayOf(input.id, input.locationId);
    if (replay) return replay;
    const moved = this.store.transaction(() => this.move(input));
    return { id: input.id, replayed: false, flagged: moved.flagged, level: viewLevel(moved.level) };
  }

  private applyStockMovement(movement: StockMovement, now: number): MovementOutcome {
    requireCallerId(movement.id, 'movement id');
    requireUnits(movement.quantity, 'quantity', movement.type === 'set' ? 0 : -1_000_000_000);
    const id = movementId(this.sku, 'movement', movement.id);
    const replay = this.replayOf(id, movement.locationId);
    if (replay) return { ...replay, id: movement.id };
    const level = this.store.level(movement.locationId);
    const delta =
      movement.type === 'set' ? countDelta(level, movement.quantity) : { onHand: movement.quantity, reserved: 0 };
    const reference = movement.reason ?? null;
    const moved = this.move({
      id,
      locationId: movement.locationId,
      kind: movement.type,
      delta,
      quantity: movement.quantity,
      reference,
      occurredAt: now,
    });
    return { id: movement.id, replayed: false, flagged: moved.flagged, level: viewLevel(moved.level) };
  }

  private replayOf(id: string, locationId: string): MovementOutcome | null {
    const recorded = this.ledger.recorded(id);
    return recorded
      ? { id, replayed: true, flagged: recorded.flagged, level: viewLevel(this.store.level(locationId)) }
      : null;
  }

  /** The one place a level changes: the level, its movement and any transition events are written together. */
  private move(input: MoveInput): AppliedDelta {
    const applied = applyDelta(this.store.level(input.locationId), input.delta);
    this.store.saveLevel(applied.level);
    const { delta, ...movement } = input;
    this.ledger.record(
      { ...movement, onHandDelta: delta.onHand, reservedDelta: delta.reserved, flagged: applied.flagged },
      applied,
    );
    this.changed = true;
    return applied;
  }

  private planReservation(request: ReserveRequest): AllocationPlan {
    if (request.shipFrom) {
      const candidates = this.store
        .levels(request.shipFrom)
        .map((level) => ({ locationId: level.locationId, available: availableAt(level) }));
      return allocateShipment(candidates, request.quantity);
    }
    const level = this.store.level(request.locationId);
    return allocateAt({ locationId: level.locationId, available: availableAt(level) }, request.quantity);
  }

  private giveBack(stored: StoredHold, kind: 'release' | 'expire', now: number): void {
    for (const { locationId, quantity } of stored.hold.allocations) {
      this.move({
        id: movementId(this.sku, 'hold', stored.hold.id, locationId, kind),
        locationId,
        kind,
        delta: { onHand: 0, reserved: -quantity },
        quantity,
        reference: stored.hold.reference,
        occurredAt: now,
      });
    }
    this.store.settleHold(stored.hold.id, kind === 'release' ? 'released' : 'expired', now);
  }

  private viewsAt(hold: Hold): LevelView[] {
    return this.store.levels(hold.allocations.map((allocation) => allocation.locationId)).map(viewLevel);
  }

  private requireHold(holdId: string): StoredHold {
    const stored = this.store.hold(holdId);
    if (!stored) throw new Error(`hold ${holdId} vanished inside its own operation`);
    return stored;
  }
}
