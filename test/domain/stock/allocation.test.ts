import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateAt, allocateShipment, type Candidate } from '../../../src/domain/stock';

const at = (locationId: string, available: number): Candidate => ({ locationId, available });

describe('choosing ship-from locations', () => {
  it('ships from one location when one covers the quantity, the one with the most available', () => {
    const plan = allocateShipment([at('A', 4), at('B', 9), at('C', 6)], 5);
    expect(plan).toEqual({ ok: true, allocations: [{ locationId: 'B', quantity: 5 }] });
  });

  it('breaks ties by location id, so the same stock always gives the same answer', () => {
    expect(allocateShipment([at('Z', 5), at('M', 5)], 3)).toEqual({
      ok: true,
      allocations: [{ locationId: 'M', quantity: 3 }],
    });
  });

  it('splits only when no single location covers, largest first', () => {
    const plan = allocateShipment([at('A', 2), at('B', 4), at('C', 3)], 8);
    expect(plan).toEqual({
      ok: true,
      allocations: [
        { locationId: 'B', quantity: 4 },
        { locationId: 'C', quantity: 3 },
        { locationId: 'A', quantity: 1 },
      ],
    });
  });

  it('allocates nothing when the network total is short, and says what there is', () => {
    expect(allocateShipment([at('A', 2), at('B', 3)], 6)).toEqual({ ok: false, requested: 6, available: 5 });
    expect(allocateShipment([], 1)).toEqual({ ok: false, requested: 1, available: 0 });
  });

  it('holds at a named location only when it covers the quantity', () => {
    expect(allocateAt(at('A', 3), 3)).toEqual({ ok: true, allocations: [{ locationId: 'A', quantity: 3 }] });
    expect(allocateAt(at('A', 2), 3)).toEqual({ ok: false, requested: 3, available: 2 });
  });
});

describe('ship-from allocation, for any stock', () => {
  const network = fc.uniqueArray(
    fc.record({ locationId: fc.string({ minLength: 1, maxLength: 3 }), available: fc.nat(20) }),
    {
      selector: (candidate) => candidate.locationId,
      maxLength: 8,
    },
  );
  const quantity = fc.integer({ min: 1, max: 60 });

  it('is all or nothing, never takes more than a location has, and sums to the quantity', () => {
    fc.assert(
      fc.property(network, quantity, (candidates, wanted) => {
        const total = candidates.reduce((sum, candidate) => sum + candidate.available, 0);
        const plan = allocateShipment(candidates, wanted);
        if (!plan.ok) {
          expect(total).toBeLessThan(wanted);
          expect(plan.available).toBe(total);
          return;
        }
        expect(total).toBeGreaterThanOrEqual(wanted);
        expect(plan.allocations.reduce((sum, allocation) => sum + allocation.quantity, 0)).toBe(wanted);
        for (const allocation of plan.allocations) {
          const candidate = candidates.find((c) => c.locationId === allocation.locationId);
          expect(allocation.quantity).toBeGreaterThan(0);
          expect(allocation.quantity).toBeLessThanOrEqual(candidate?.available ?? 0);
        }
        expect(new Set(plan.allocations.map((allocation) => allocation.locationId)).size).toBe(plan.allocations.length);
      }),
    );
  });

  it('uses a single location whenever one could cover, and the fewest locations otherwise', () => {
    fc.assert(
      fc.property(network, quantity, (candidates, wanted) => {
        const plan = allocateShipment(candidates, wanted);
        if (!plan.ok) return;
        if (candidates.some((candidate) => candidate.available >= wanted)) expect(plan.allocations).toHaveLength(1);
        const largestFirst = candidates.map((candidate) => candidate.available).sort((a, b) => b - a);
        let fewest = 0;
        for (let covered = 0; covered < wanted; fewest += 1) covered += largestFirst[fewest] ?? 0;
        expect(plan.allocations).toHaveLength(fewest);
      }),
    );
  });

  it('does not depend on the order the candidates are listed in', () => {
    fc.assert(
      fc.property(network, quantity, (candidates, wanted) => {
        expect(allocateShipment([...candidates].reverse(), wanted)).toEqual(allocateShipment(candidates, wanted));
      }),
    );
  });
});
