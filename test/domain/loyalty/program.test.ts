import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  pointsEarned,
  pointsReversedAfter,
  pointsValue,
  tierFor,
  type LoyaltyProgram,
} from '../../../src/domain/loyalty';

const PROGRAM: LoyaltyProgram = {
  earn: { points: 1, perAmount: 100 },
  pointValue: 1,
  tiers: [
    { id: 'silver', name: 'Silver', minLifetimePoints: 1000, earnMultiplierBp: 15_000 },
    { id: 'gold', name: 'Gold', minLifetimePoints: 5000, earnMultiplierBp: 20_000 },
  ],
};

describe('the loyalty arithmetic', () => {
  it('finds the highest tier reached', () => {
    expect(tierFor(PROGRAM, 999)).toBeNull();
    expect(tierFor(PROGRAM, 1000)?.id).toBe('silver');
    expect(tierFor(PROGRAM, 10_000)?.id).toBe('gold');
  });

  it('earns per whole amount, rounded down, times the tier', () => {
    expect(pointsEarned(PROGRAM, null, 1999)).toBe(19);
    expect(pointsEarned(PROGRAM, tierFor(PROGRAM, 1000), 1999)).toBe(28);
    expect(pointsEarned(PROGRAM, null, 0)).toBe(0);
    expect(pointsValue(PROGRAM, 250)).toBe(250);
  });

  it('reverses pro rata, rounded down, and exactly everything once all is refunded', () => {
    expect(pointsReversedAfter(26, 3000, 1000)).toBe(8);
    expect(pointsReversedAfter(26, 3000, 2999)).toBe(25);
    expect(pointsReversedAfter(26, 3000, 3000)).toBe(26);
    fc.assert(
      fc.property(
        fc.nat(100_000),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (earned, paid, cuts) => {
          // Any split of the whole refund into returns reverses exactly what was earned, never more on the way.
          const points = [...cuts.map((cut) => cut % (paid + 1)), 0, paid].sort((a, b) => a - b);
          let reversed = 0;
          for (const refunded of points) {
            const step = pointsReversedAfter(earned, paid, refunded) - reversed;
            expect(step).toBeGreaterThanOrEqual(0);
            reversed += step;
          }
          expect(reversed).toBe(earned);
        },
      ),
    );
  });
});

/**
 * A model of the wallet's rules as the flows apply them (src/loyalty/wallet-flows.ts):
 * an order redeems (refused when the balance is short) and earns on what the
 * card paid at the tier before it; a cancel reverses what it earned, at most
 * the balance, and restores what it redeemed; a return reverses pro rata to
 * the refund of the order's total, at most the balance.
 */
type Op =
  | { kind: 'order'; paid: number; redeem: number }
  | { kind: 'cancel'; order: number }
  | { kind: 'return'; order: number; amount: number };

interface ModelOrder {
  total: number;
  earned: number;
  redeemed: number;
  refunded: number;
  reversed: number;
  cancelled: boolean;
}

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('order' as const), paid: fc.nat(500_000), redeem: fc.nat(3_000) }),
  fc.record({ kind: fc.constant('cancel' as const), order: fc.nat(20) }),
  fc.record({ kind: fc.constant('return' as const), order: fc.nat(20), amount: fc.integer({ min: 1, max: 500_000 }) }),
);

describe('the wallet ledger', () => {
  it('for any sequence of earn, redeem, cancel and return: the balance is the sum of the entries and never below zero', () => {
    fc.assert(
      fc.property(fc.nat(5_000), fc.array(op, { maxLength: 40 }), (opening, ops) => {
        const entries: number[] = [opening];
        let balance = opening;
        let lifetime = 0;
        const orders: ModelOrder[] = [];
        const move = (points: number) => {
          // The conditional update: a change that would go below zero is never written.
          if (balance + points < 0) return false;
          balance += points;
          entries.push(points);
          return true;
        };
        for (const step of ops) {
          if (step.kind === 'order') {
            const redeem = Math.min(step.redeem, balance + 1);
            if (redeem > 0 && !move(-redeem)) continue; // 409: nothing written for the order
            const earned = pointsEarned(PROGRAM, tierFor(PROGRAM, lifetime), step.paid);
            move(earned);
            lifetime += earned;
            orders.push({
              total: step.paid + pointsValue(PROGRAM, redeem),
              earned,
              redeemed: redeem,
              refunded: 0,
              reversed: 0,
              cancelled: false,
            });
          }
          const order = step.kind === 'order' ? undefined : orders[step.order % Math.max(1, orders.length)];
          if (!order || order.cancelled) continue;
          if (step.kind === 'cancel' && order.refunded === 0) {
            const reverse = Math.min(order.earned - order.reversed, balance);
            if (reverse > 0) move(-reverse);
            order.reversed += reverse;
            if (order.redeemed > 0) move(order.redeemed);
            order.cancelled = true;
          }
          if (step.kind === 'return' && order.refunded < order.total) {
            order.refunded = Math.min(order.total, order.refunded + step.amount);
            const due = pointsReversedAfter(order.earned, order.total, order.refunded) - order.reversed;
            const reverse = Math.min(Math.max(due, 0), balance);
            if (reverse > 0) move(-reverse);
            order.reversed += reverse;
          }
          expect(balance).toBeGreaterThanOrEqual(0);
          expect(balance).toBe(entries.reduce((sum, points) => sum + points, 0));
        }
        // Never more taken back than was earned.
        for (const order of orders) expect(order.reversed).toBeLessThanOrEqual(order.earned);
      }),
    );
  });
});
