import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canSeeOrder,
  nextStatus,
  ORDER_STATUSES,
  pickupCodeFrom,
  PICKUP_CODE_LENGTH,
  samePickupCode,
  type OrderAction,
} from '../../../src/domain/orders';

describe('the order status machine', () => {
  it.each([
    ['placed', 'pickup', 'ready', 'ready_for_pickup'],
    ['ready_for_pickup', 'curbside', 'pickup', 'picked_up'],
    ['placed', 'ship', 'ship', 'shipped'],
    ['placed', 'ship', 'cancel', 'cancelled'],
    ['ready_for_pickup', 'pickup', 'cancel', 'cancelled'],
  ] as const)('moves a %s %s order on %s to %s', (status, fulfillmentType, action, to) => {
    expect(nextStatus({ status, fulfillmentType }, action)).toEqual({ ok: true, status: to });
  });

  it.each([
    ['placed', 'pickup', 'pickup'],
    ['placed', 'ship', 'ready'],
    ['picked_up', 'pickup', 'cancel'],
    ['shipped', 'ship', 'cancel'],
    ['cancelled', 'pickup', 'ready'],
  ] as const)('refuses %s %s → %s', (status, fulfillmentType, action) => {
    expect(nextStatus({ status, fulfillmentType }, action).ok).toBe(false);
  });

  it('never leaves a terminal status, whatever the action', () => {
    const actions: OrderAction[] = ['ready', 'pickup', 'ship', 'cancel'];
    for (const status of ['picked_up', 'cancelled', 'returned', 'completed'] as const) {
      for (const action of actions) expect(nextStatus({ status, fulfillmentType: 'pickup' }, action).ok).toBe(false);
    }
    expect(ORDER_STATUSES).toContain('partially_returned');
  });
});

describe('pickup codes', () => {
  it('are six unambiguous characters and match however they are typed', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: PICKUP_CODE_LENGTH, maxLength: PICKUP_CODE_LENGTH }), (bytes) => {
        const code = pickupCodeFrom(bytes);
        expect(code).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
        expect(samePickupCode(code, `${code.slice(0, 3).toLowerCase()}-${code.slice(3)}`)).toBe(true);
      }),
    );
    expect(samePickupCode('ABC234', 'ABC235')).toBe(false);
  });
});

describe('order visibility', () => {
  const order = { customerId: 'cus_1', locationId: 'store-1' };
  it.each([
    [{ role: 'customer', id: 'cus_1', locationId: null }, true],
    [{ role: 'customer', id: 'cus_2', locationId: null }, false],
    [{ role: 'pos', id: 'till', locationId: 'store-1' }, true],
    [{ role: 'pos', id: 'till', locationId: 'store-2' }, false],
    [{ role: 'ops', id: 'ops', locationId: null }, true],
    [{ role: 'guest', id: 'g', locationId: null }, false],
  ] as const)('%o sees it: %s', (viewer, visible) => {
    expect(canSeeOrder(viewer, order)).toBe(visible);
  });
});
