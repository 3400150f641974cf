import type { Database } from '../db/client';
import { findWallet, listEntries, type WalletState } from '../db/wallet';
import { tierFor, type LoyaltyProgram } from '../domain/loyalty';
import { currentProgram } from './program';
import { decodeTimeCursor, encodeTimeCursor } from '../lib/cursor';
import { presentEntry, type WalletEntryView } from './entries';

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

/**
 * The customer's wallet and a page of its entries, newest first. A customer
 * who never earned has no wallet row and sees zeros. The tier is the
 * program's for their lifetime points now, so a changed program shows at once.
 */
export async function showWallet(
  env: Env,
  db: Database,
  customerId: string,
  page: { cursor?: string; limit: number },
): Promise<WalletView> {
  const before = page.cursor ? decodeTimeCursor(page.cursor) : null;
  const [wallet, program, rows] = await Promise.all([
    findWallet(db, customerId),
    currentProgram(env),
    // One more than asked for tells whether there is a next page.
    listEntries(db, customerId, page.limit + 1, before),
  ]);
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  return {
    ...standingOf(wallet, program),
    entries: shown.map(presentEntry),
    nextCursor: rows.length > page.limit && last ? encodeTimeCursor(last) : null,
  };
}

/** The customer's points, tier and store credit (zeros for one who never earned), as the till's 360 view shows them. */
export async function showStanding(env: Env, db: Database, customerId: string): Promise<WalletStanding> {
  const [wallet, program] = await Promise.all([findWallet(db, customerId), currentProgram(env)]);
  return standingOf(wallet, program);
}

function standingOf(wallet: WalletState, program: LoyaltyProgram): WalletStanding {
  const tier = tierFor(program, wallet.lifetimePoints);
  return {
    balance: wallet.points,
    lifetimePoints: wallet.lifetimePoints,
    tier: tier && { id: tier.id, name: tier.name },
    storeCredit: wallet.storeCredit,
  };
}
