import type { Database } from '../db/client';
import { findWallet, listEntries } from '../db/wallet';
import { currentProgram } from './program';
import { tierFor } from '../domain/loyalty';
import { decodeTimeCursor, encodeTimeCursor } from '../lib/cursor';
import { presentEntry, type WalletEntryView } from './entries';

export interface WalletView {
  balance: number;
  lifetimePoints: number;
  tier: { id: string; name: string } | null;
  storeCredit: number;
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
  const tier = tierFor(program, wallet.lifetimePoints);
  return {
    balance: wallet.points,
    lifetimePoints: wallet.lifetimePoints,
    tier: tier && { id: tier.id, name: tier.name },
    storeCredit: wallet.storeCredit,
    entries: shown.map(presentEntry),
    nextCursor: rows.length > page.limit && last ? encodeTimeCursor(last) : null,
  };
}
