import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { violatedCheck } from './errors';
import { NO_PROGRAM, type LoyaltyProgram, type WalletEntryKind } from '../domain/loyalty';
import type { Database, Transaction } from './client';
import { newestFirstAfter } from './paging';
import type { OutboxRow } from './outbox';
import { loyaltyProgram, outbox, walletEntries, wallets } from './schema';
import type { TimeKey } from '../lib/cursor';

const PROGRAM_ID = 'default';

export async function loadProgram(db: Database | Transaction): Promise<LoyaltyProgram> {
  const [row] = await db.select().from(loyaltyProgram).where(eq(loyaltyProgram.id, PROGRAM_ID));
  return row?.program ?? NO_PROGRAM;
}

export async function saveProgram(db: Database | Transaction, program: LoyaltyProgram): Promise<void> {
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
  /** Closed by the customer's erasure: it earns nothing any more. */
  closedAt: Date | null;
}

const EMPTY_WALLET: WalletState = { points: 0, lifetimePoints: 0, tierId: null, storeCredit: 0, closedAt: null };

/** A spend taken before its order exists (checkout's): its entries, and the task that gives it back if no order comes. */
export interface StandaloneSpend {
  customerId: string;
  channel: string;
  entries: readonly { id: string; kind: 'redeem' | 'debit'; points: number; amount: number }[];
  /** Entries whose presence means this spend was already given back: it cannot be taken again. */
  givenBackIds: readonly string[];
  /** Written with the entries, due when the order should long exist: see releaseSpend. */
  release: OutboxRow & { availableAt: string };
}

export type StandaloneSpendOutcome =
  | { kind: 'spent' }
  | { kind: 'replayed' }
  | { kind: 'given_back' }
  | { kind: 'insufficient'; of: 'points' | 'store_credit'; balance: WalletState };

const SHORT_OF: Record<string, 'points' | 'store_credit'> = {
  wallets_points_check: 'points',
  wallets_store_credit_check: 'store_credit',
};

/**
 * Takes a spend off the wallet in one statement, its own transaction (one
 * round trip, where BEGIN, reads, writes and COMMIT took six): the entries,
 * the balance and the release task together. A short balance is refused by
 * the wallet's own CHECK constraints: the statement subtracts, the constraint
 * fails it, and it rolls back whole, entries included. A wallet with no row
 * yet is made to fail the same way (a negative first row). Of concurrent
 * repeats of one spend, the entries' primary key makes all but one wait and
 * find them written (`replayed`); of concurrent spends of the same balance,
 * the row lock makes them take turns and the constraint stops the ones that
 * find it spent.
 */
export async function spendWithoutOrder(db: Database, spend: StandaloneSpend): Promise<StandaloneSpendOutcome> {
  const points = -spend.entries.reduce((total, entry) => total + entry.points, 0);
  const amount = -spend.entries.reduce((total, entry) => total + entry.amount, 0);
  const entries = db
    .insert(walletEntries)
    .select(
      sql`select id, ${spend.customerId}, kind, points, amount, null, null, ${spend.channel}, null, now()
            from (values ${sql.join(
              spend.entries.map(
                (entry) => sql`(${entry.id}, ${entry.kind}, ${entry.points}::bigint, ${entry.amount}::bigint)`,
              ),
              sql`, `,
            )}) as spend (id, kind, points, amount)
           where not exists (select 1 from given_back)`,
    )
    .onConflictDoNothing({ target: walletEntries.id })
    .returning({ id: walletEntries.id })
    .getSQL();
  const givenBack = db
    .select({ id: walletEntries.id })
    .from(walletEntries)
    .where(inArray(walletEntries.id, [...spend.givenBackIds]))
    .limit(1)
    .getSQL();
  const release = spend.release;
  try {
    const { rows } = await db.execute<{ given_back: boolean; written: number }>(sql`with
        given_back as (${givenBack}),
        entry as (${entries}),
        moved as (update ${wallets} set points = points - ${points}, store_credit = store_credit - ${amount},
                    updated_at = now()
                   where customer_id = ${spend.customerId} and exists (select 1 from entry)),
        first_row as (insert into ${wallets} (customer_id, points, store_credit)
                       select ${spend.customerId}, ${-points}, ${-amount}
                        where exists (select 1 from entry)
                          and not exists (select 1 from ${wallets} where customer_id = ${spend.customerId})),
        release as (insert into ${outbox} (id, topic, payload, available_at)
                     select ${release.id}, ${release.topic}, ${JSON.stringify(release.payload)}::jsonb, ${release.availableAt}
                      where exists (select 1 from entry)
                     on conflict (id) do nothing)
      select exists (select 1 from given_back) as given_back, (select count(*) from entry)::int as written`);
    const [row] = rows;
    if (row?.given_back) return { kind: 'given_back' };
    return row && row.written > 0 ? { kind: 'spent' } : { kind: 'replayed' };
  } catch (error) {
    const of = SHORT_OF[violatedCheck(error) ?? ''];
    if (!of) throw error;
    return { kind: 'insufficient', of, balance: await findWallet(db, spend.customerId) };
  }
}

/**
 * Gives a spend without an order back (its `restore` / `credit` entries), if
 * no order took it: both this and the order's transaction mark the spend's
 * release task done with the same conditional update, so its row lock lets
 * exactly one of them through. Answers whether this one gave it back.
 */
export async function releaseSpend(
  db: Database,
  customerId: string,
  releaseTaskId: string,
  changes: readonly WalletChange[],
): Promise<boolean> {
  return db.transaction(async (tx) => {
    // The wallet's row first, as the order's transaction takes it (earning) before the task's row: the
    // same order in both, so they queue instead of deadlocking.
    await tx.select({ id: wallets.customerId }).from(wallets).where(eq(wallets.customerId, customerId)).for('update');
    const claimed = await tx
      .update(outbox)
      .set({ processedAt: sql`now()`, lastError: null })
      .where(and(eq(outbox.id, releaseTaskId), isNull(outbox.processedAt)))
      .returning({ id: outbox.id });
    if (claimed.length === 0) return false;
    for (const change of changes) await applyWalletChange(tx, change);
    return true;
  });
}

const walletColumns = {
  points: wallets.points,
  lifetimePoints: wallets.lifetimePoints,
  tierId: wallets.tierId,
  storeCredit: wallets.storeCredit,
  closedAt: wallets.closedAt,
};

export async function findWallet(db: Database | Transaction, customerId: string): Promise<WalletState> {
  const [row] = await db.select(walletColumns).from(wallets).where(eq(wallets.customerId, customerId));
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
 * Applies `change` and writes its ledger row, in the caller's transaction and
 * one statement. A change that would take a balance below zero changes
 * nothing in the wallet and answers `insufficient` (the conditional update:
 * under any concurrency, of two spends of the same points one finds them
 * gone); one whose entry is already written answers `replayed`. On
 * `insufficient` the entry row was written by the statement, so callers must
 * roll their transaction back (they do: it is a refusal), and nothing of theirs
 * is written either.
 */
export async function applyWalletChange(tx: Transaction, change: WalletChange): Promise<WalletOutcome> {
  const points = change.points ?? 0;
  const amount = change.amount ?? 0;
  const lifetime = change.lifetimePoints ?? 0;
  const entry = tx
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
  const moves = {
    points: sql`${wallets.points} + ${points}`,
    lifetimePoints: sql`${wallets.lifetimePoints} + ${lifetime}`,
    storeCredit: sql`${wallets.storeCredit} + ${amount}`,
    updatedAt: sql`now()`,
  };
  // A credit may be the wallet's first change (an upsert); a debit needs a wallet that holds enough. An
  // upsert cannot take a debit: Postgres checks the would-be new row (negative) before it sees the conflict.
  const move =
    points >= 0 && amount >= 0
      ? tx
          .insert(wallets)
          .select(
            // The schema's column order: customer, points, lifetime, tier, store credit, closed at, updated at.
            sql`select ${change.customerId}, ${points}, ${lifetime}, null, ${amount}, null, now() where exists (select 1 from entry)`,
          )
          .onConflictDoUpdate({ target: wallets.customerId, set: moves })
          .getSQL()
      : tx
          .update(wallets)
          .set(moves)
          .where(
            and(
              eq(wallets.customerId, change.customerId),
              sql`${wallets.points} + ${points} >= 0`,
              sql`${wallets.storeCredit} + ${amount} >= 0`,
              sql`exists (select 1 from entry)`,
            ),
          )
          .getSQL();
  const { rows } = await tx.execute<MovedRow>(sql`with entry as (${entry.getSQL()}),
      moved as (${move} returning points, lifetime_points, tier_id, store_credit, closed_at)
    select (select count(*) from entry)::int as written, moved.* from (select 1) as one left join moved on true`);
  const [row] = rows;
  if (!row || row.written === 0) return { kind: 'replayed' };
  if (row.points === null) return { kind: 'insufficient', balance: await findWallet(tx, change.customerId) };
  return { kind: 'applied', wallet: walletOfRow(row) };
}

interface MovedRow extends Record<string, unknown> {
  written: number;
  points: string | number | null;
  lifetime_points: string | number | null;
  tier_id: string | null;
  store_credit: string | number | null;
  closed_at: string | null;
}

// Raw rows come back as Postgres sent them: bigint as text.
const walletOfRow = (row: MovedRow): WalletState => ({
  points: Number(row.points),
  lifetimePoints: Number(row.lifetime_points),
  tierId: row.tier_id,
  storeCredit: Number(row.store_credit),
  closedAt: row.closed_at === null ? null : new Date(row.closed_at),
});

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
