import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  abandonmentDueAt,
  applyCartChange,
  emptyCart,
  MAX_CART_LINES,
  MAX_LINE_QUANTITY,
  type CartChange,
  type CartState,
} from '../../../src/domain/cart';

const NOW = '2026-11-23T10:00:00.000Z';
const start = () => emptyCart('customer:c1', 'USD', NOW);

function apply(state: CartState, change: CartChange): CartState {
  const result = applyCartChange(state, change, NOW);
  if (!result.ok) throw new Error(result.rejection.detail);
  return result.state;
}

describe('cart changes', () => {
  it('adds to the quantity of an existing line and keeps the order lines were added in', () => {
    let cart = apply(start(), { kind: 'add_item', sku: 'A', quantity: 2, channel: 'web' });
    cart = apply(cart, { kind: 'add_item', sku: 'B', quantity: 1, channel: 'app' });
    cart = apply(cart, { kind: 'add_item', sku: 'A', quantity: 3, channel: 'app' });
    expect(cart.lines.map(({ sku, quantity, channel }) => ({ sku, quantity, channel }))).toEqual([
      { sku: 'A', quantity: 5, channel: 'web' },
      { sku: 'B', quantity: 1, channel: 'app' },
    ]);
    expect(cart.version).toBe(3);
  });

  it('refuses a line above 999 units and a 201st line, leaving the cart as it was', () => {
    const full = apply(start(), { kind: 'add_item', sku: 'A', quantity: MAX_LINE_QUANTITY, channel: 'web' });
    expect(applyCartChange(full, { kind: 'add_item', sku: 'A', quantity: 1, channel: 'web' }, NOW)).toMatchObject({
      ok: false,
      rejection: { code: 'unprocessable' },
    });
    let cart = start();
    for (let i = 0; i < MAX_CART_LINES; i += 1)
      cart = apply(cart, { kind: 'add_item', sku: `S${i}`, quantity: 1, channel: 'web' });
    const refused = applyCartChange(cart, { kind: 'add_item', sku: 'ONE-MORE', quantity: 1, channel: 'web' }, NOW);
    expect(refused).toMatchObject({ ok: false, rejection: { detail: expect.stringMatching(/200 lines/) } });
  });

  it('treats coupon codes case-insensitively', () => {
    const cart = apply(start(), { kind: 'add_coupon', code: 'SAVE10' });
    expect(apply(cart, { kind: 'add_coupon', code: 'save10' }).coupons).toEqual(['SAVE10']);
    expect(apply(cart, { kind: 'remove_coupon', code: 'Save10' }).coupons).toEqual([]);
  });

  it('merges by summing quantities, capped at 999, and skips lines past the line limit', () => {
    const cart = apply(start(), { kind: 'add_item', sku: 'A', quantity: 900, channel: 'web' });
    const incoming = [
      { sku: 'A', quantity: 200, addedAt: NOW, channel: 'app' as const },
      { sku: 'B', quantity: 2, addedAt: NOW, channel: 'app' as const },
    ];
    const merged = apply(cart, { kind: 'merge', lines: incoming, coupons: ['X'] });
    expect(merged.lines.map((line) => [line.sku, line.quantity])).toEqual([
      ['A', 999],
      ['B', 2],
    ]);
    expect(merged.coupons).toEqual(['X']);
  });

  it('reports abandonment only for a non-empty cart not yet reported at this version', () => {
    const cart = apply(start(), { kind: 'add_item', sku: 'A', quantity: 1, channel: 'web' });
    expect(abandonmentDueAt(cart, null, 60_000)).toBe(Date.parse(NOW) + 60_000);
    expect(abandonmentDueAt(cart, cart.version, 60_000)).toBeNull();
    expect(abandonmentDueAt(apply(cart, { kind: 'clear' }), null, 60_000)).toBeNull();
  });
});

const skuArb = fc.constantFrom('A', 'B', 'C', 'D', 'E');
const changeArb: fc.Arbitrary<CartChange> = fc.oneof(
  fc.record({
    kind: fc.constant('add_item' as const),
    sku: skuArb,
    quantity: fc.integer({ min: 1, max: 999 }),
    channel: fc.constantFrom('web' as const, 'app' as const),
  }),
  fc.record({
    kind: fc.constant('set_quantity' as const),
    sku: skuArb,
    quantity: fc.integer({ min: 0, max: 999 }),
    channel: fc.constant('kiosk' as const),
  }),
  fc.record({ kind: fc.constant('remove_item' as const), sku: skuArb }),
  fc.record({ kind: fc.constant('add_coupon' as const), code: fc.constantFrom('X', 'x', 'Y') }),
  fc.record({ kind: fc.constant('clear' as const) }),
);

describe('cart invariants (property)', () => {
  it('any sequence of changes keeps every line within 1..999, SKUs unique, and counts accepted writes in the version', () => {
    fc.assert(
      fc.property(fc.array(changeArb, { maxLength: 60 }), (changes) => {
        let cart = start();
        let accepted = 0;
        for (const change of changes) {
          const result = applyCartChange(cart, change, NOW);
          if (result.ok) {
            cart = result.state;
            accepted += 1;
          } else {
            expect(['not_found', 'unprocessable']).toContain(result.rejection.code);
          }
          expect(new Set(cart.lines.map((line) => line.sku)).size).toBe(cart.lines.length);
          for (const line of cart.lines) expect(line.quantity >= 1 && line.quantity <= MAX_LINE_QUANTITY).toBe(true);
          expect(new Set(cart.coupons.map((code) => code.toLowerCase())).size).toBe(cart.coupons.length);
        }
        expect(cart.version).toBe(accepted);
      }),
    );
  });
});
