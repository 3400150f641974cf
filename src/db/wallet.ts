import { and, eq, inArray, sql } from 'drizzle-orm';
import { NO_PROGRAM, type LoyaltyProgram, type WalletEntryKind } from '../domain/loyalty';
import type { Database, Transaction } from './client';
import { newestFirstAfter } from './paging';
import { loyaltyProgram, walletEntries, wallets } from './schema';
import type { TimeKey } from '../lib/cursor';

const PROGRAM_ID = 'default';

export async function loadProgram(db: Database | Transaction): Promise<LoyaltyProgram> {
  const [row] = await db.select().from(loyaltyProgram).where(eq(loyaltyProgram.id, PROGRAM_ID));
  return row?.program ?? NO_PROGRAM;
}

export async function saveProgram(db: Database, program: LoyaltyProgram): Promise<void> {
  await db
    .insert(loyaltyProgram)
    .values({ id: PROGRAM_ID, program })
    .onConflictDoUpdate({ target: loyaltyProgram.id, set: { program, updatedAt: sql`now()` } });
}

export interface WalletState {
  points: number;
  lifetimePoints: number;
  tierId: string | null;
  storeCredit: number;
}

const EMPTY_WALLET: WalletState = { points: 0, lifetimePoints: 0, tierId: null, storeCredit: 0 };

export async function findWallet(db: Database | Transaction, customerId: string): Promise<WalletState> {
  const [row] = await db
    .select({
      points: wallets.points,
      lifetimePoints: wallets.lifetimePoints,
      tierId: wallets.tierId,
      storeCredit: wallets.storeCredit,
    })
    .from(wallets)
    .where(eq(wallets.customerId, customerId));
  return row ?? EMPTY_WALLET;
}

/** One change to a wallet and the ledger row that records it. */
export interface WalletChange {
  /** Stable, derived from its cause (`<orderId>:earn`): the change is applied once however often it is sent. */
  entryId: string;
  customerId: string;
  kind: WalletEntryKind;
  /** Signed change of the points balance. */
  points?: number;
  /** Signed change of the store credit balance, minor units. */
  amount?: number;
  /** Earned points also count towards the customer's tier. */
  lifetimePoints?: number;
  orderId?: string | null;
  returnId?: string | null;
  channel?: string | null;
  reason?: string | null;
}

export type WalletOutcome =
  { kind: 'applied'; wallet: WalletState } | { kind: 'replayed' } | { kind: 'insufficient'; balance: WalletState };

/**
 * Applies `change` and writes its ledger row, in the caller's transaction. A
 * change that would take a balance below zero changes nothing and answers
 * `insufficient` (the conditional update: under any concurrency, of two
 * spends of the same points one finds them gone); one whose entry is already
 * written answers `replayed`. Callers roll their transaction back on
 * `insufficient`, so nothing of theirs is written either.
 */
export async function applyWalletChange(tx: Transaction, change: WalletChange): Promise<WalletOutcome> {
  const points = change.points ?? 0;
  const amount = change.amount ?? 0;
  const lifetime = change.lifetimePoints ?? 0;
  const inserted = await tx
    .insert(walletEntries)
    .values({
      id: change.entryId,
      customerId: change.customerId,
      kind: change.kind,
      points,
      amount,
      orderId: change.orderId ?? null,
      returnId: change.returnId ?? null,
      channel: change.channel ?? null,
      reason: change.reason ?? null,
    })
    .onConflictDoNothing({ target: walletEntries.id })
    .returning({ id: walletEntries.id });
  if (inserted.length === 0) return { kind: 'replayed' };
  const moved =
    points >= 0 && amount >= 0
      ? await tx
          .insert(wallets)
          .values({ customerId: change.customerId, points, lifetimePoints: lifetime, storeCredit: amount })
          .onConflictDoUpdate({
            target: wallets.customerId,
            set: {
              points: sql`${wallets.points} + ${points}`,
              lifetimePoints: sql`${wallets.lifetimePoints} + ${lifetime}`,
              storeCredit: sql`${wallets.storeCredit} + ${amount}`,
              updatedAt: sql`now()`,
            },
          })
          .returning(walletColumns)
      : await tx
          .update(wallets)
          .set({
            points: sql`${wallets.points} + ${points}`,
            lifetimePoints: sql`${wallets.lifetimePoints} + ${lifetime}`,
            storeCredit: sql`${wallets.storeCredit} + ${amount}`,
            updatedAt: sql`now()`,
          })
          .where(
            and(
              eq(wallets.customerId, change.customerId),
              sql`${wallets.points} + ${points} >= 0`,
              sql`${wallets.storeCredit} + ${amount} >= 0`,
            ),
          )
          .returning(walletColumns);
  const [wallet] = moved;
  if (wallet) return { kind: 'applied', wallet };
  return { kind: 'insufficient', balance: await findWallet(tx, change.customerId) };
}

const walletColumns = {
  points: wallets.points,
  lifetimePoints: wallets.lifetimePoints,
  tierId: wallets.tierId,
  storeCredit: wallets.storeCredit,
};

/** Points a reversal can still take: what is owed, at most what the balance holds (it never goes below zero). */
export async function pointsAvailable(tx: Transaction, customerId: string, owed: number): Promise<number> {
  const [row] = await tx
    .select({ points: wallets.points })
    .from(wallets)
    .where(eq(wallets.customerId, customerId))
    .for('update');
  return Math.min(owed, row?.points ?? 0);
}

export async function setTier(tx: Transaction, customerId: string, tierId: string | null): Promise<void> {
  await tx
    .update(wallets)
    .set({ tierId, updatedAt: sql`now()` })
    .where(eq(wallets.customerId, customerId));
}

/** What an order's entries did, by kind: what it earned, redeemed, and what was taken or given back since. */
export async function orderEntries(tx: Transaction, orderId: string) {
  return tx
    .select({ kind: walletEntries.kind, points: walletEntries.points, amount: walletEntries.amount })
    .from(walletEntries)
    .where(eq(walletEntries.orderId, orderId));
}

/** Whether any of the entries `entryIds` was written (a checkout's wallet spend already given back), in one query. */
export async function hasAnyEntry(db: Database | Transaction, entryIds: readonly string[]): Promise<boolean> {
  const [row] = await db
    .select({ id: walletEntries.id })
    .from(walletEntries)
    .where(inArray(walletEntries.id, [...entryIds]))
    .limit(1);
  return row !== undefined;
}

/** Ties entries written before their order existed (a checkout's spend) to the order. */
export async function linkEntriesToOrder(tx: Transaction, entryIds: readonly string[], orderId: string): Promise<void> {
  if (entryIds.length === 0) return;
  await tx
    .update(walletEntries)
    .set({ orderId })
    .where(inArray(walletEntries.id, [...entryIds]));
}

/** The points each of `returnIds` reversed, by return id (none: absent). */
export async function pointsReversedByReturns(
  db: Database | Transaction,
  returnIds: readonly string[],
): Promise<Map<string, number>> {
  if (returnIds.length === 0) return new Map();
  const rows = await db
    .select({ returnId: walletEntries.returnId, points: walletEntries.points })
    .from(walletEntries)
    .where(and(inArray(walletEntries.returnId, [...returnIds]), eq(walletEntries.kind, 'reverse')));
  const reversed = new Map<string, number>();
  for (const row of rows) if (row.returnId) reversed.set(row.returnId, (reversed.get(row.returnId) ?? 0) - row.points);
  return reversed;
}

/** The entries with these ids (an adjustment's, say), in the order of `ids`. */
export async function entriesById(db: Database | Transaction, ids: readonly string[]) {
  const rows = await db
    .select()
    .from(walletEntries)
    .where(inArray(walletEntries.id, [...ids]));
  return ids.flatMap((id) => rows.filter((row) => row.id === id));
}

/** The customer's entries, newest first, `limit` at a time after `before`. */
export async function listEntries(db: Database, customerId: string, limit: number, before: TimeKey | null) {
  const page = newestFirstAfter(walletEntries.createdAt, walletEntries.id, before);
  return db
    .select()
    .from(walletEntries)
    .where(and(eq(walletEntries.customerId, customerId), page.after))
    .orderBy(...page.order)
    .limit(limit);
}
