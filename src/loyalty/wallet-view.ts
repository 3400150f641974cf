import type { Database } from '../db/client';
import { findWallet, listEntries, type WalletState } from '../db/wallet';
import { SNAPSHOT_ENTRIES, tierFor, type LoyaltyProgram, type WalletSnapshot } from '../domain/loyalty';
import { customerOwnerName } from '../domain/shopper';
import { decodeTimeCursor, encodeTimeCursor, type TimeKey } from '../lib/cursor';
import { presentEntry, type WalletEntryView } from './entries';
import { currentProgram } from './program';

/** Where the customer stands: points, tier and store credit, without the entries. */
export interface WalletStanding {
  balance: number;
  lifetimePoints: number;
  tier: { id: string; name: string } | null;
  storeCredit: number;
}

export interface WalletView extends WalletStanding {
  entries: WalletEntryView[];
  nextCursor: string | null;
}

const shopperOf = (env: Env, customerId: string) => env.SHOPPER.getByName(customerOwnerName(customerId));

/**
 * The customer's wallet and a page of its entries, newest first. A customer
 * who never earned has no wallet row and sees zeros. The tier is the
 * program's for their lifetime points now, so a changed program shows at once.
 *
 * The first page (every account page and till look-up) is served from the
 * copy in the shopper's ShopperDO, with no Postgres connection; a missing or
 * stale copy is read from Postgres and kept there for the next read. Later
 * pages (a cursor) are read from Postgres.
 */
export async function showWallet(
  env: Env,
  database: () => Database,
  customerId: string,
  page: { cursor?: string; limit: number },
): Promise<WalletView> {
  const program = currentProgram(env);
  if (page.cursor) {
    const before = decodeTimeCursor(page.cursor);
    const db = database();
    const [wallet, rows] = await Promise.all([
      findWallet(db, customerId),
      // One more than asked for tells whether there is a next page.
      listEntries(db, customerId, page.limit + 1, before),
    ]);
    return present(snapshotOf(wallet, rows.map(presentEntry)), await program, page.limit);
  }
  return present(await walletSnapshot(env, database, customerId), await program, page.limit);
}

/** The wallet's first page: the ShopperDO's copy, or Postgres's (then kept as the copy). */
async function walletSnapshot(env: Env, database: () => Database, customerId: string): Promise<WalletSnapshot> {
  const shopper = shopperOf(env, customerId);
  const { snapshot, generation } = await shopper.walletSnapshot();
  if (snapshot) return snapshot;
  const db = database();
  const [wallet, rows] = await Promise.all([
    findWallet(db, customerId),
    listEntries(db, customerId, SNAPSHOT_ENTRIES, null),
  ]);
  const read = snapshotOf(wallet, rows.map(presentEntry));
  // Not kept if the wallet changed while it was read: the next read reads again.
  await shopper.keepWalletSnapshot(read, generation);
  return read;
}

/**
 * Every wallet change calls this once its transaction has committed: the
 * ShopperDO's copy is stale from then on. (Were it lost, the copy would be
 * trusted for SNAPSHOT_TRUSTED_FOR_MS at most.)
 */
export async function walletChanged(env: Env, customerId: string | null): Promise<void> {
  if (!customerId) return;
  // The change is committed: failing the caller now would only make it retry what is done.
  await shopperOf(env, customerId)
    .forgetWalletSnapshot()
    .catch((error: unknown) =>
      console.error(`wallet of ${customerId}: its ShopperDO copy was not forgotten; it expires on its own`, error),
    );
}

const snapshotOf = (wallet: WalletState, entries: WalletEntryView[]): WalletSnapshot => ({
  balance: wallet.points,
  lifetimePoints: wallet.lifetimePoints,
  storeCredit: wallet.storeCredit,
  entries,
});

function present(snapshot: WalletSnapshot, program: LoyaltyProgram, limit: number): WalletView {
  const shown = snapshot.entries.slice(0, limit);
  const last = shown.at(-1);
  const key: TimeKey | null = last ? { createdAt: new Date(last.createdAt), id: last.id } : null;
  return {
    ...standingOf(snapshot, program),
    entries: shown,
    nextCursor: snapshot.entries.length > limit && key ? encodeTimeCursor(key) : null,
  };
}

/** The customer's points, tier and store credit (zeros for one who never earned), as the till's 360 view shows them. */
export async function showStanding(env: Env, database: () => Database, customerId: string): Promise<WalletStanding> {
  const [snapshot, program] = await Promise.all([walletSnapshot(env, database, customerId), currentProgram(env)]);
  return standingOf(snapshot, program);
}

function standingOf(wallet: Omit<WalletSnapshot, 'entries'>, program: LoyaltyProgram): WalletStanding {
  const tier = tierFor(program, wallet.lifetimePoints);
  return {
    balance: wallet.balance,
    lifetimePoints: wallet.lifetimePoints,
    tier: tier && { id: tier.id, name: tier.name },
    storeCredit: wallet.storeCredit,
  };
}
