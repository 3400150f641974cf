import { DEFAULT_POLICY } from '../../src/domain/stock';

/** The operations the model knows, as a property test generates them (hold ids are the model's own). */
export type StockOperation =
  | { op: 'reserve'; hold: string; locationId: string; quantity: number; ttlMs: number }
  | { op: 'reserveShip'; hold: string; quantity: number; ttlMs: number }
  | { op: 'commit' | 'release'; hold: string }
  | { op: 'sell' | 'restock' | 'adjust'; locationId: string; quantity: number }
  | { op: 'count'; locationId: string; quantity: number }
  | { op: 'policy'; locationId: string; safetyStock: number; lowStockThreshold: number }
  | { op: 'alarm' };

/** One location as the reference model keeps it. */
interface ModelLevel {
  onHand: number;
  reserved: number;
  safetyStock: number;
  lowStockThreshold: number;
}

interface ModelHold {
  state: 'held' | 'committed' | 'released' | 'expired';
  allocations: { locationId: string; quantity: number }[];
  expiresAt: number;
  flagged: boolean;
}

const free = (level: ModelLevel) => level.onHand - level.reserved - level.safetyStock;
const available = (level: ModelLevel) => Math.max(0, free(level));

/**
 * The StockDO's rules written out plainly over maps, from its documented
 * behaviour rather than its code: what each operation should leave at each
 * location, and whether it should be flagged (it took units that were not
 * available there).
 */
export class StockModel {
  private readonly levels = new Map<string, ModelLevel>();
  private readonly holds = new Map<string, ModelHold>();

  /** `shipFrom`: the locations a shipping reservation may take from. */
  constructor(private readonly shipFrom: readonly string[]) {}

  /** A level as the StockDO's staff view shows it. */
  view(locationId: string) {
    const level = this.level(locationId);
    const units = available(level);
    const status = units === 0 ? 'out_of_stock' : units <= level.lowStockThreshold ? 'low_stock' : 'in_stock';
    return { locationId, ...level, available: units, status };
  }

  private level(locationId: string): ModelLevel {
    let level = this.levels.get(locationId);
    if (!level) {
      level = { onHand: 0, reserved: 0, ...DEFAULT_POLICY };
      this.levels.set(locationId, level);
    }
    return level;
  }

  /** Applies `step` at `now`; answers whether it must be flagged. */
  apply(step: StockOperation, now: number): boolean {
    this.expire(now);
    switch (step.op) {
      case 'reserve':
      case 'reserveShip': {
        const id = step.hold;
        if (this.holds.has(id)) return false; // a replay or a conflict: nothing moves
        const allocations =
          step.op === 'reserve' ? this.holdAt(step.locationId, step.quantity) : this.shipAllocations(step.quantity);
        if (!allocations) return false;
        for (const { locationId, quantity } of allocations) this.level(locationId).reserved += quantity;
        this.holds.set(id, { state: 'held', allocations, expiresAt: now + step.ttlMs, flagged: false });
        return false;
      }
      case 'commit': {
        const hold = this.holds.get(step.hold);
        if (!hold || hold.state === 'released') return false;
        if (hold.state === 'committed') return hold.flagged;
        // After expiry the reservation was already given back; the sale still takes the units.
        const late = hold.state === 'expired';
        hold.flagged = hold.allocations
          .map(({ locationId, quantity }) => {
            const level = this.level(locationId);
            const short = late && quantity > free(level);
            level.onHand -= quantity;
            if (!late) level.reserved -= quantity;
            return short;
          })
          .some(Boolean);
        hold.state = 'committed';
        return hold.flagged;
      }
      case 'release': {
        const hold = this.holds.get(step.hold);
        if (hold?.state === 'held') this.giveBack(hold, 'released');
        return false;
      }
      case 'sell':
        return this.take(step.locationId, step.quantity);
      case 'restock':
        this.level(step.locationId).onHand += step.quantity;
        return false;
      case 'adjust':
        if (step.quantity < 0) return this.take(step.locationId, -step.quantity);
        this.level(step.locationId).onHand += step.quantity;
        return false;
      case 'count': {
        const level = this.level(step.locationId);
        const counted = step.quantity;
        const short = counted < level.onHand && counted < level.reserved + level.safetyStock;
        level.onHand = counted;
        return short;
      }
      case 'policy':
        Object.assign(this.level(step.locationId), {
          safetyStock: step.safetyStock,
          lowStockThreshold: step.lowStockThreshold,
        });
        return false;
      case 'alarm':
        return false;
    }
  }

  /** What every operation and read at `now` does first: holds past their TTL are given back. */
  private expire(now: number): void {
    for (const hold of this.holds.values()) {
      if (hold.state === 'held' && hold.expiresAt <= now) this.giveBack(hold, 'expired');
    }
  }

  /** Units leaving the shelf unasked (a sale, a write-off): flagged when more than was available. */
  private take(locationId: string, quantity: number): boolean {
    const level = this.level(locationId);
    const short = quantity > free(level);
    level.onHand -= quantity;
    return short;
  }

  private holdAt(locationId: string, quantity: number) {
    return available(this.level(locationId)) >= quantity ? [{ locationId, quantity }] : null;
  }

  /** One location covering it all, the one with most available; else largest first. All or nothing. */
  private shipAllocations(quantity: number) {
    const ranked = this.shipFrom
      .map((locationId) => ({ locationId, available: available(this.level(locationId)) }))
      .filter((candidate) => candidate.available > 0)
      .sort((a, b) => b.available - a.available || a.locationId.localeCompare(b.locationId));
    if (ranked.reduce((sum, candidate) => sum + candidate.available, 0) < quantity) return null;
    const allocations = [];
    let remaining = quantity;
    for (const candidate of ranked) {
      if (remaining === 0) break;
      const taken = Math.min(candidate.available, remaining);
      allocations.push({ locationId: candidate.locationId, quantity: taken });
      remaining -= taken;
    }
    return allocations;
  }

  private giveBack(hold: ModelHold, state: 'released' | 'expired'): void {
    for (const { locationId, quantity } of hold.allocations) this.level(locationId).reserved -= quantity;
    hold.state = state;
  }
}
