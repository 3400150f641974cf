import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { walletEntries, wallets } from '../../src/db/schema';
import { applyWalletChange } from '../../src/db/wallet';
import type { LoyaltyProgram } from '../../src/domain/loyalty';
import { walletChanged } from '../../src/loyalty/wallet-view';
import { api, uniqueId } from './api';
import { opsToken } from './tokens';
import { withDatabase } from './postgres';

/**
 * The one program every test sets: the row is global and shared by test
 * files, so all of them write exactly this. 1 point per 100 paid, a point is
 * worth 1 minor unit, silver from 1000 lifetime points earns ×1.5.
 */
export const TEST_PROGRAM: LoyaltyProgram = {
  earn: { points: 1, perAmount: 100 },
  pointValue: 1,
  tiers: [{ id: 'silver', name: 'Silver', minLifetimePoints: 1000, earnMultiplierBp: 15_000 }],
};

/** Sets it as ops do, so it is published to the edge read model every channel reads it from. */
export async function setTestProgram(): Promise<void> {
  const res = await api('/v1/admin/loyalty', { method: 'PUT', token: await opsToken(), body: TEST_PROGRAM });
  if (res.status !== 200) throw new Error(`setting the test program failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Puts points (counting towards the tier if `lifetime`) or store credit on a customer's wallet, as ops would. */
export async function seedWallet(
  customerId: string,
  seed: { points?: number; lifetime?: boolean; storeCredit?: number },
): Promise<void> {
  await withDatabase((db) =>
    db.transaction((tx) =>
      applyWalletChange(tx, {
        entryId: uniqueId('adj'),
        customerId,
        kind: 'adjust',
        points: seed.points ?? 0,
        lifetimePoints: seed.lifetime ? (seed.points ?? 0) : 0,
        amount: seed.storeCredit ?? 0,
        reason: 'test seed',
      }),
    ),
  );
  // Written behind the API's back, so told to the shopper's copy as every wallet change is.
  await walletChanged(env, customerId);
}

/** The customer's wallet row and ledger, straight from Postgres. */
export const walletOf = (customerId: string) =>
  withDatabase(async (db) => {
    const [wallet] = await db.select().from(wallets).where(eq(wallets.customerId, customerId));
    const entries = await db.select().from(walletEntries).where(eq(walletEntries.customerId, customerId));
    return {
      points: wallet?.points ?? 0,
      lifetimePoints: wallet?.lifetimePoints ?? 0,
      tierId: wallet?.tierId ?? null,
      storeCredit: wallet?.storeCredit ?? 0,
      entries,
      /** What the ledger adds up to: the balance must equal it. */
      sum: {
        points: entries.reduce((total, entry) => total + entry.points, 0),
        amount: entries.reduce((total, entry) => total + entry.amount, 0),
      },
    };
  });
