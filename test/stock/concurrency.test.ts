import { describe, expect, it } from 'vitest';
import { uniqueId } from '../helpers/api';
import { levelAt, sqlRows, stockedSku } from '../helpers/stock';

describe('concurrent reservations', () => {
  it('sells exactly the stocked units to 300 shoppers racing for 100', async () => {
    const { stock } = await stockedSku({ L1: 100 });

    const results = await Promise.all(
      Array.from({ length: 300 }, () =>
        stock.reserve({ holdId: uniqueId('hold'), locationId: 'L1', quantity: 1, ttlMs: 600_000 }),
      ),
    );

    const held = results.filter((result) => result.ok);
    const refused = results.filter((result) => !result.ok);
    expect(held).toHaveLength(100);
    expect(refused).toHaveLength(200);
    // Reservations are serialized: the k-th hold to land saw k units reserved and 100 - k left, so across
    // the winners every count from 1 to 100 appears exactly once.
    const seen = held.flatMap((result) => result.levels).sort((a, b) => a.reserved - b.reserved);
    expect(seen.map(({ onHand, reserved, available }) => ({ onHand, reserved, available }))).toEqual(
      Array.from({ length: 100 }, (_, i) => ({ onHand: 100, reserved: i + 1, available: 99 - i })),
    );
    for (const result of refused) {
      expect(result).toEqual({ ok: false, reason: 'insufficient_stock', requested: 1, available: 0 });
    }
    expect(await levelAt(stock, 'L1')).toMatchObject({
      onHand: 100,
      reserved: 100,
      available: 0,
      status: 'out_of_stock',
    });

    // Replaying the movement log in order proves no intermediate state ever promised more than the shelf held.
    const log = await sqlRows<{ on_hand_delta: number; reserved_delta: number }>(
      stock,
      "SELECT on_hand_delta, reserved_delta FROM movements WHERE location_id = 'L1' ORDER BY seq",
    );
    let onHand = 0;
    let reserved = 0;
    for (const movement of log) {
      onHand += movement.on_hand_delta;
      reserved += movement.reserved_delta;
      expect(onHand - reserved).toBeGreaterThanOrEqual(0);
    }
    expect({ onHand, reserved }).toEqual({ onHand: 100, reserved: 100 });
  });
});
