import type { walletEntries } from '../db/schema';
import type { WalletEntryKind, WalletEntryView } from '../domain/loyalty';

export type { WalletEntryView } from '../domain/loyalty';

type EntryRow = typeof walletEntries.$inferSelect;

const STORE_CREDIT_KINDS: readonly WalletEntryKind[] = ['credit', 'debit'];

/** An entry as a shopper or ops see it: what it moved (points, or store credit), and the order behind it if any. */
export function presentEntry(row: EntryRow): WalletEntryView {
  const movesCredit = STORE_CREDIT_KINDS.includes(row.kind);
  return {
    id: row.id,
    kind: row.kind,
    ...((!movesCredit || row.points !== 0) && { points: row.points }),
    ...((movesCredit || row.amount !== 0) && { amount: row.amount }),
    ...(row.orderId !== null && { orderId: row.orderId }),
    ...(row.channel !== null && { channel: row.channel }),
    createdAt: row.createdAt.toISOString(),
  };
}
