import { describe, expect, it } from 'vitest';
import { applyCartChange, emptyCart, type CartState } from '../../src/domain/cart';
import { uniqueId } from '../helpers/api';
import { cartOf, device } from '../helpers/carts';
import { createProducts } from '../helpers/catalog';
import { customerToken } from '../helpers/tokens';

const NOW = '2026-01-01T00:00:00.000Z';

async function cartWithLine() {
  const sub = uniqueId('cus');
  const [sku] = await createProducts(1);
  const shopper = device(await customerToken(sub));
  await shopper.add(sku!, 2);
  return { sku: sku!, shopper, stub: cartOf(`customer:${sub}`) };
}

describe("the cart's checkout claim", () => {
  it('claims the cart for one key at a time, and the same key passes', async () => {
    const { stub, sku } = await cartWithLine();
    const first = await stub.claimCheckout('key-1', 60_000);
    expect(first).toMatchObject({ kind: 'claimed', cart: { lines: [expect.objectContaining({ sku, quantity: 2 })] } });
    expect(await stub.claimCheckout('key-2', 60_000)).toMatchObject({ kind: 'in_progress' });
    expect(await stub.claimCheckout('key-1', 60_000)).toMatchObject({ kind: 'claimed' });
  });

  it('lets a claim lapse after its lease, so a Worker dying mid-checkout does not lock the cart', async () => {
    const { stub } = await cartWithLine();
    expect(await stub.claimCheckout('dead-worker', 50)).toMatchObject({ kind: 'claimed' });
    expect(await stub.claimCheckout('next', 50)).toMatchObject({ kind: 'in_progress' });
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await stub.claimCheckout('next', 60_000)).toMatchObject({ kind: 'claimed' });
  });

  it('frees the cart when its checkout releases it, but not for another key', async () => {
    const { stub } = await cartWithLine();
    await stub.claimCheckout('key-1', 60_000);
    await stub.releaseCheckout('key-2');
    expect(await stub.claimCheckout('key-2', 60_000)).toMatchObject({ kind: 'in_progress' });
    await stub.releaseCheckout('key-1');
    expect(await stub.claimCheckout('key-2', 60_000)).toMatchObject({ kind: 'claimed' });
  });

  it('marks the cart ordered until it changes, and takes an order out only once', async () => {
    const { stub, sku, shopper } = await cartWithLine();
    await stub.claimCheckout('key-1', 60_000);
    const order = { id: uniqueId('ord'), lines: [{ sku, quantity: 2 }], coupons: [] };
    expect(await stub.completeCheckout('key-1', order)).toBe(true);
    expect(await stub.claimCheckout('key-2', 60_000)).toEqual({ kind: 'ordered', orderId: order.id });
    expect(await stub.claimCheckout('key-1', 60_000)).toEqual({ kind: 'ordered', orderId: order.id });

    await shopper.add(sku, 3);
    expect(await stub.completeCheckout('key-1', order)).toBe(false);
    expect((await stub.snapshot()).lines).toEqual([expect.objectContaining({ sku, quantity: 3 })]);
    expect(await stub.claimCheckout('key-2', 60_000)).toMatchObject({ kind: 'claimed' });
  });
});

describe('subtract_ordered', () => {
  const cart = (lines: Record<string, number>, coupons: string[] = []): CartState => ({
    ...emptyCart('customer:c', 'USD', NOW),
    version: 7,
    coupons,
    lines: Object.entries(lines).map(([sku, quantity]) => ({ sku, quantity, addedAt: NOW, channel: 'web' as const })),
  });

  it('takes the ordered quantities out, drops emptied lines, keeps the rest and bumps the version', () => {
    const result = applyCartChange(
      cart({ A: 3, B: 1, C: 4 }, ['SAVE10', 'LATER']),
      {
        kind: 'subtract_ordered',
        lines: [
          { sku: 'A', quantity: 2 },
          { sku: 'B', quantity: 1 },
        ],
        coupons: ['save10'],
      },
      NOW,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.state.lines.map(({ sku, quantity }) => ({ sku, quantity }))).toEqual([
      { sku: 'A', quantity: 1 },
      { sku: 'C', quantity: 4 },
    ]);
    expect(result.state.coupons).toEqual(['LATER']);
    expect(result.state).toMatchObject({ version: 8, checkedOutAt: NOW });
  });

  it('drops a line the other device lowered below what was ordered', () => {
    const result = applyCartChange(
      cart({ A: 1 }),
      { kind: 'subtract_ordered', lines: [{ sku: 'A', quantity: 2 }], coupons: [] },
      NOW,
    );
    expect(result.ok && result.state.lines).toEqual([]);
  });
});
