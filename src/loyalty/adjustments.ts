import type { Database } from '../db/client';
import { applyWalletChange, entriesById, type WalletChange } from '../db/wallet';
import { ApiError } from '../lib/errors';
import type { AdjustmentBody } from '../schemas/loyalty';
import { presentEntry, type WalletEntryView } from './entries';
import { walletShort } from './wallet-flows';
import { walletChanged } from './wallet-view';

export interface AdjustmentView {
  adjustmentId: string;
  customerId: string;
  reason: string;
  entries: WalletEntryView[];
}

/**
 * An adjustment writes one entry per dimension it moves, with ids derived
 * from `adjustmentId`: `adjust` for points, `credit` or `debit` for store
 * credit. Both are always looked up on a repeat, so a repeat that names a
 * dimension the first did not (or leaves one out) is a different body.
 */
const entryIds = (adjustmentId: string) => ({
  points: `adjustment:${adjustmentId}:points`,
  storeCredit: `adjustment:${adjustmentId}:store_credit`,
});

function changesOf(body: AdjustmentBody): WalletChange[] {
  const ids = entryIds(body.adjustmentId);
  const common = { customerId: body.customerId, reason: body.reason };
  const changes: WalletChange[] = [];
  if (body.points !== undefined) changes.push({ ...common, entryId: ids.points, kind: 'adjust', points: body.points });
  if (body.storeCredit !== undefined) {
    const kind = body.storeCredit > 0 ? 'credit' : 'debit';
    changes.push({ ...common, entryId: ids.storeCredit, kind, amount: body.storeCredit });
  }
  return changes;
}

type StoredEntry = Awaited<ReturnType<typeof entriesById>>[number];

const sameEntries = (stored: StoredEntry[], changes: WalletChange[]) =>
  stored.length === changes.length &&
  changes.every((change, index) => {
    const entry = stored[index];
    return (
      entry?.id === change.entryId &&
      entry.customerId === change.customerId &&
      entry.kind === change.kind &&
      entry.points === (change.points ?? 0) &&
      entry.amount === (change.amount ?? 0) &&
      entry.reason === change.reason
    );
  });

/**
 * Adds or takes points and store credit by hand, in one transaction:
 * everything or nothing. A debit beyond the balance is 409 and moves nothing
 * (the balance never goes below zero). Idempotent by `adjustmentId`: a repeat
 * of the same body answers the entries written first and moves nothing; under
 * concurrent repeats the entries' primary key makes all but one wait and find
 * them written. Adjusted points are not lifetime points: they never change a tier.
 */
export async function adjustWallet(
  deps: { env: Env; db: Database },
  body: AdjustmentBody,
): Promise<{ adjustment: AdjustmentView; replayed: boolean }> {
  const changes = changesOf(body);
  const ids = entryIds(body.adjustmentId);
  const adjusted = await deps.db.transaction(async (tx) => {
    const outcomes: string[] = [];
    for (const change of changes) {
      const outcome = await applyWalletChange(tx, change);
      if (outcome.kind === 'insufficient') {
        const { points, storeCredit } = outcome.balance;
        throw change.points !== undefined
          ? walletShort('points', points, -change.points)
          : walletShort('store_credit', storeCredit, -(change.amount ?? 0));
      }
      outcomes.push(outcome.kind);
    }
    const replayed = outcomes.includes('replayed');
    const stored = await entriesById(tx, [ids.points, ids.storeCredit]);
    // A repeat that adds a dimension finds one entry written and writes the other: a different body all the same.
    if (replayed && (outcomes.includes('applied') || !sameEntries(stored, changes))) {
      throw new ApiError('idempotency_key_reused', `Adjustment ${body.adjustmentId} was made with a different body.`);
    }
    const { adjustmentId, customerId, reason } = body;
    return { adjustment: { adjustmentId, customerId, reason, entries: stored.map(presentEntry) }, replayed };
  });
  if (!adjusted.replayed) await walletChanged(deps.env, body.customerId);
  return adjusted;
}
