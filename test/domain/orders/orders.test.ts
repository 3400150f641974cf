import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canSeeOrder,
  nextStatus,
  ORDER_FULFILLMENT_TYPES,
  ORDER_STATUSES,
  pickupCodeFrom,
  PICKUP_CODE_LENGTH,
  samePickupCode,
  type OrderAction,
} from '../../../src/domain/orders';

const ACTIONS: readonly OrderAction[] = ['ready', 'pickup', 'ship', 'cancel'];
const FULFILMENTS = ORDER_FULFILLMENT_TYPES;

describe('the order status machine', () => {
  it.each([
    ['placed', 'pickup', 'ready', 'ready_for_pickup'],
    ['ready_for_pickup', 'curbside', 'pickup', 'picked_up'],
    ['placed', 'ship', 'ship', 'shipped'],
    ['placed', 'ship', 'cancel', 'cancelled'],
    ['ready_for_pickup', 'pickup', 'cancel', 'cancelled'],
    ['completed', 'in_store', 'cancel', 'cancelled'],
  ] as const)('moves a %s %s order on %s to %s', (status, fulfillmentType, action, to) => {
    expect(nextStatus({ status, fulfillmentType }, action)).toEqual({ ok: true, status: to });
  });

  it.each([
    ['placed', 'pickup', 'pickup'],
    ['placed', 'ship', 'ready'],
    ['picked_up', 'pickup', 'cancel'],
    ['shipped', 'ship', 'cancel'],
    ['cancelled', 'pickup', 'ready'],
    ['completed', 'in_store', 'pickup'],
    ['placed', 'in_store', 'cancel'],
  ] as const)('refuses %s %s → %s', (status, fulfillmentType, action) => {
    expect(nextStatus({ status, fulfillmentType }, action).ok).toBe(false);
  });

  it('never leaves a terminal status, whatever the action or fulfilment', () => {
    for (const status of ['picked_up', 'cancelled', 'returned'] as const) {
      for (const fulfillmentType of FULFILMENTS) {
        for (const action of ACTIONS) expect(nextStatus({ status, fulfillmentType }, action).ok).toBe(false);
      }
    }
  });

  it('allows exactly these moves, over every status, fulfilment and action', () => {
    const allowed = ORDER_STATUSES.flatMap((status) =>
      FULFILMENTS.flatMap((fulfillmentType) =>
        ACTIONS.flatMap((action) => {
          const next = nextStatus({ status, fulfillmentType }, action);
          return next.ok ? [`${status} ${fulfillmentType} ${action} → ${next.status}`] : [];
        }),
      ),
    );
    expect(allowed.sort()).toEqual(
      [
        'placed pickup ready → ready_for_pickup',
        'placed curbside ready → ready_for_pickup',
        'ready_for_pickup pickup pickup → picked_up',
        'ready_for_pickup curbside pickup → picked_up',
        'placed ship ship → shipped',
        'placed ship cancel → cancelled',
        'placed pickup cancel → cancelled',
        'placed curbside cancel → cancelled',
        'ready_for_pickup pickup cancel → cancelled',
        'ready_for_pickup curbside cancel → cancelled',
        // A sale at a till is voided (on its day only: mayVoidSale).
        'completed in_store cancel → cancelled',
      ].sort(),
    );
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
