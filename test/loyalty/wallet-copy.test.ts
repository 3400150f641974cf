import { env } from 'cloudflare:workers';
import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { WalletSnapshot } from '../../src/domain/loyalty';
import { api, uniqueId } from '../helpers/api';
import { seedWallet, setTestProgram } from '../helpers/loyalty';
import { customerToken, opsToken } from '../helpers/tokens';

const copyOf = (customerId: string) => env.SHOPPER.getByName(`customer:${customerId}`);
const SNAPSHOT: WalletSnapshot = { balance: 5, lifetimePoints: 5, storeCredit: 0, entries: [] };

describe("the wallet's copy in the shopper's ShopperDO", () => {
  it('is forgotten by every change, so the next read shows it', async () => {
    await setTestProgram();
    const customerId = uniqueId('cus');
    await seedWallet(customerId, { points: 100 });
    const token = await customerToken(customerId);
    expect((await api('/v1/loyalty', { token })).body.balance).toBe(100);
    expect((await copyOf(customerId).walletSnapshot()).snapshot).toMatchObject({ balance: 100 });

    const adjusted = await api('/v1/admin/loyalty/adjustments', {
      method: 'POST',
      token: await opsToken(),
      body: { adjustmentId: uniqueId('adj'), customerId, points: -30, storeCredit: 70, reason: 'goodwill' },
    });
    expect(adjusted.status).toBe(201);

    expect((await copyOf(customerId).walletSnapshot()).snapshot).toBeNull();
    const after = await api('/v1/loyalty?limit=2', { token });
    expect(after.body).toMatchObject({ balance: 70, storeCredit: 70 });
    expect(after.body.entries).toHaveLength(2);
  });

  it('pages past the copy from Postgres with the cursor the copy gave', async () => {
    const customerId = uniqueId('cus');
    for (const points of [10, 20, 30]) await seedWallet(customerId, { points });
    const token = await customerToken(customerId);
    const first = await api('/v1/loyalty?limit=2', { token });
    expect(first.body.entries.map((entry: { points: number }) => entry.points)).toEqual([30, 20]);
    const rest = await api(`/v1/loyalty?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`, { token });
    expect(rest.body.entries.map((entry: { points: number }) => entry.points)).toEqual([10]);
    expect(rest.body.nextCursor).toBeNull();
  });

  it('never keeps a copy read before a change that came in meanwhile', async () => {
    const shopper = copyOf(uniqueId('cus'));
    const { generation } = await shopper.walletSnapshot();
    await shopper.forgetWalletSnapshot();
    expect(await shopper.keepWalletSnapshot(SNAPSHOT, generation)).toBe(false);
    expect((await shopper.walletSnapshot()).snapshot).toBeNull();
    const next = await shopper.walletSnapshot();
    expect(await shopper.keepWalletSnapshot(SNAPSHOT, next.generation)).toBe(true);
    expect((await shopper.walletSnapshot()).snapshot).toEqual(SNAPSHOT);
  });

  it('is trusted for five minutes at most, should a change fail to forget it', async () => {
    const shopper = copyOf(uniqueId('cus'));
    const { generation } = await shopper.walletSnapshot();
    await shopper.keepWalletSnapshot(SNAPSHOT, generation);
    await runInDurableObject(shopper, (_, state) => {
      state.storage.sql.exec('UPDATE wallet_snapshot SET taken_at = ?', Date.now() - 5 * 60_000 - 1);
    });
    expect((await shopper.walletSnapshot()).snapshot).toBeNull();
  });
});
