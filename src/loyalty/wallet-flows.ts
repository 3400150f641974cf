// The wallet's part in the flows that move it: checkout, a till's sale, a
// cancel, a return. Each function runs in the transaction of the change that
// causes it, so the wallet moves exactly when the order, sale or return is
// written, and every entry id is derived from its cause (a repeat changes
// nothing: applyWalletChange answers `replayed`).
import { z } from 'zod';
import { walletChanged } from './wallet-view';
import type { Database, Transaction } from '../db/client';
import type { OutboxRow } from '../db/outbox';
import {
  applyWalletChange,
  findWallet,
  orderEntries,
  pointsAvailable,
  releaseSpend,
  setTier,
  spendWithoutOrder,
  type WalletChange,
} from '../db/wallet';
import { pointsEarned, pointsReversedAfter, pointsValue, tierFor, type LoyaltyProgram } from '../domain/loyalty';
import { ApiError } from '../lib/errors';

export const TIER_CHANGED = 'loyalty.tier_changed';

/** What a checkout or sale asks to pay from the wallet: points, and store credit in minor units. */
export interface WalletSpendRequest {
  points: number;
  storeCredit: number;
}

/** What the wallet paid: the points' value and the store credit, in minor units, and the entries that took them. */
export interface WalletSpend {
  points: number;
  pointsAmount: number;
  storeCredit: number;
  entryIds: string[];
  /** Checkout's: the outbox task that gives the spend back if no order comes of it (see releaseCheckoutSpend). */
  releaseTaskId?: string;
}

export const NO_SPEND: WalletSpend = { points: 0, pointsAmount: 0, storeCredit: 0, entryIds: [] };

/** What the wallet paid in all, minor units. */
export const walletPaid = (spend: WalletSpend) => spend.pointsAmount + spend.storeCredit;

/**
 * What `request` is worth: refused (422) when it is worth more than `payable`
 * or asks for points the program gives no value.
 */
function valueSpend(program: LoyaltyProgram, request: WalletSpendRequest, payable: number): WalletSpend {
  if (request.points > 0 && program.pointValue <= 0) {
    throw new ApiError('unprocessable', 'Points cannot pay for anything: the loyalty program gives them no value.');
  }
  const spend: WalletSpend = {
    points: request.points,
    pointsAmount: pointsValue(program, request.points),
    storeCredit: request.storeCredit,
    entryIds: [],
  };
  if (walletPaid(spend) > payable) {
    throw new ApiError(
      'unprocessable',
      `Points and store credit come to ${walletPaid(spend)}, more than the ${payable} to pay.`,
      { extensions: { payable, walletAmount: walletPaid(spend) } },
    );
  }
  return spend;
}

/** The 409 of a spend or debit beyond what the wallet holds; `balance` is what it holds of that kind. */
export function walletShort(of: 'points' | 'store_credit', held: number, asked: number): ApiError {
  return of === 'points'
    ? new ApiError('insufficient_points', `The wallet holds ${held} points, fewer than the ${asked} asked.`, {
        extensions: { balance: held },
      })
    : new ApiError(
        'insufficient_store_credit',
        `The wallet holds ${held} of store credit, less than the ${asked} asked.`,
        { extensions: { balance: held } },
      );
}

/** The entries that take a spend, `<causeId>:redeem` and `<causeId>:debit`, for the parts it has. */
function spendEntries(causeId: string, spend: WalletSpend) {
  const redeem = { id: `${causeId}:redeem`, kind: 'redeem' as const, points: -spend.points, amount: 0 };
  const debit = { id: `${causeId}:debit`, kind: 'debit' as const, points: 0, amount: -spend.storeCredit };
  return [...(spend.points > 0 ? [redeem] : []), ...(spend.storeCredit > 0 ? [debit] : [])];
}

/**
 * Takes `request` off the customer's wallet in `tx` (a till's sale): 409
 * `insufficient_points` / `insufficient_store_credit` when the balance is
 * short (the caller's transaction rolls back, so nothing of its own is
 * written either).
 */
async function debitWallet(
  tx: Transaction,
  program: LoyaltyProgram,
  spender: { causeId: string; customerId: string; channel: string; orderId: string | null },
  request: WalletSpendRequest,
  payable: number,
): Promise<WalletSpend> {
  const spend = valueSpend(program, request, payable);
  const { customerId, channel, orderId } = spender;
  for (const { id, ...entry } of spendEntries(spender.causeId, spend)) {
    const outcome = await applyWalletChange(tx, { entryId: id, customerId, channel, orderId, ...entry });
    if (outcome.kind === 'insufficient') {
      const { points, storeCredit } = outcome.balance;
      throw entry.kind === 'redeem'
        ? walletShort('points', points, spend.points)
        : walletShort('store_credit', storeCredit, spend.storeCredit);
    }
    spend.entryIds.push(id);
  }
  return spend;
}

// A checkout's spend is given back by its release task once no order can come of it any more: well
// after the checkout's holds (15 minutes) have lapsed.
const RELEASE_AFTER_MS = 20 * 60_000;
export const WALLET_RELEASE_TOPIC = 'wallet.release';

/**
 * Checkout's spend, in one statement of its own before any stock is held or
 * card authorized (so a lost race holds nothing), written with a release
 * task due once no checkout could still place its order: if the Worker dies
 * between this spend and the order, the task gives it back. A retry of the
 * same checkout finds its entries written and debits nothing twice; one
 * whose spend was already given back cannot reuse it.
 */
export async function debitForCheckout(
  db: Database,
  program: LoyaltyProgram,
  spender: { checkoutId: string; customerId: string | null; channel: string },
  request: WalletSpendRequest,
  payable: number,
): Promise<WalletSpend> {
  if (request.points === 0 && request.storeCredit === 0) return NO_SPEND;
  const { customerId, checkoutId, channel } = spender;
  if (!customerId) throw new ApiError('unprocessable', 'Points and store credit need a signed-in customer.');
  const spend = valueSpend(program, request, payable);
  const entries = spendEntries(checkoutId, spend);
  const releaseTaskId = releaseTaskOf(checkoutId);
  const outcome = await spendWithoutOrder(db, {
    customerId,
    channel,
    entries,
    givenBackIds: giveBack(checkoutId, customerId, spend).map((change) => change.entryId),
    release: {
      id: releaseTaskId,
      topic: WALLET_RELEASE_TOPIC,
      payload: { checkoutId, customerId, points: spend.points, storeCredit: spend.storeCredit },
      availableAt: new Date(Date.now() + RELEASE_AFTER_MS).toISOString(),
    },
  });
  if (outcome.kind === 'given_back') {
    throw new ApiError(
      'conflict',
      'This checkout failed and its wallet spend was given back; use a new Idempotency-Key.',
    );
  }
  if (outcome.kind === 'insufficient') {
    const { of, balance } = outcome;
    throw of === 'points'
      ? walletShort(of, balance.points, spend.points)
      : walletShort(of, balance.storeCredit, spend.storeCredit);
  }
  return { ...spend, entryIds: entries.map((entry) => entry.id), releaseTaskId };
}

const releaseTaskOf = (checkoutId: string) => `${checkoutId}:${WALLET_RELEASE_TOPIC}`;

/** The changes that give a checkout's spend back: `<checkoutId>:restore` and `:credit-back`, for the parts it had. */
function giveBack(checkoutId: string, customerId: string, spend: { points: number; storeCredit: number }) {
  const restore = { entryId: `${checkoutId}:restore`, customerId, kind: 'restore' as const, points: spend.points };
  const credit = {
    entryId: `${checkoutId}:credit-back`,
    customerId,
    kind: 'credit' as const,
    amount: spend.storeCredit,
  };
  return [...(spend.points > 0 ? [restore] : []), ...(spend.storeCredit > 0 ? [credit] : [])];
}

const ReleasePayload = z.object({
  checkoutId: z.string(),
  customerId: z.string(),
  points: z.number().int(),
  storeCredit: z.number().int(),
});

/**
 * Gives a checkout's spend back when no order took it: a checkout that failed
 * (at once), and the release task (when the Worker died first). Whichever of
 * them and the order's transaction comes first wins (releaseSpend), so the
 * points are either the order's or back on the wallet, never both.
 */
export async function releaseCheckoutSpend(deps: { env: Env; db: Database }, payload: unknown): Promise<void> {
  const { checkoutId, customerId, ...spend } = ReleasePayload.parse(payload);
  const changes = giveBack(checkoutId, customerId, spend);
  if (changes.length > 0 && (await releaseSpend(deps.db, customerId, releaseTaskOf(checkoutId), changes))) {
    await walletChanged(deps.env, customerId);
  }
}

/** The checkout's own give-back, when it fails before its order is written. */
export function refundCheckoutSpend(
  deps: { env: Env; db: Database },
  spender: { checkoutId: string; customerId: string | null },
  spend: WalletSpend,
): Promise<void> {
  const { checkoutId, customerId } = spender;
  if (!customerId) return Promise.resolve();
  return releaseCheckoutSpend(deps, { checkoutId, customerId, points: spend.points, storeCredit: spend.storeCredit });
}

/**
 * What an order earns (`<orderId>:earn`) on `amountPaid`, what was paid other
 * than from the wallet, at the customer's tier before it; guests earn
 * nothing. Answers the `loyalty.tier_changed` event to write with the order
 * when the points move the customer to another tier.
 */
export async function earnForOrder(
  tx: Transaction,
  program: LoyaltyProgram,
  order: { orderId: string; customerId: string | null; channel: string; amountPaid: number },
): Promise<OutboxRow[]> {
  const { orderId, customerId, channel, amountPaid } = order;
  if (!customerId) return [];
  const rules = program;
  const before = await findWallet(tx, customerId);
  // An erased customer's wallet stays closed: orders placed under the same subject afterwards earn nothing.
  if (before.closedAt) return [];
  const points = pointsEarned(rules, tierFor(rules, before.lifetimePoints), amountPaid);
  if (points <= 0) return [];
  const outcome = await applyWalletChange(tx, {
    entryId: `${orderId}:earn`,
    customerId,
    kind: 'earn',
    points,
    lifetimePoints: points,
    orderId,
    channel,
  });
  if (outcome.kind !== 'applied') return [];
  const from = outcome.wallet.tierId;
  const to = tierFor(rules, outcome.wallet.lifetimePoints)?.id ?? null;
  if (to === from) return [];
  await setTier(tx, customerId, to);
  return [{ id: `${orderId}:${TIER_CHANGED}`, topic: TIER_CHANGED, payload: { customerId, from, to, orderId } }];
}

/**
 * A till's sale and the wallet, in the sale's transaction: its `loyalty` and
 * `store_credit` tenders are taken off the customer's wallet (`<orderId>:redeem`,
 * `:debit`; a `loyalty` amount must be a whole number of points), and the sale
 * earns on the rest. Answers the events to write with the order.
 */
export async function walletForSale(
  tx: Transaction,
  program: LoyaltyProgram,
  sale: { orderId: string; customerId: string | null; total: number },
  tendered: { loyalty: number; storeCredit: number },
): Promise<OutboxRow[]> {
  const { orderId, customerId, total } = sale;
  if (!customerId) return [];
  if (tendered.loyalty > 0 && (program.pointValue <= 0 || tendered.loyalty % program.pointValue !== 0)) {
    throw new ApiError(
      'unprocessable',
      `A loyalty tender must be a whole number of points, each worth ${program.pointValue}: ${tendered.loyalty} is not.`,
      { extensions: { tender: 'loyalty', pointValue: program.pointValue } },
    );
  }
  const points = tendered.loyalty > 0 ? tendered.loyalty / program.pointValue : 0;
  const spend = await debitWallet(
    tx,
    program,
    { causeId: orderId, customerId, channel: 'pos', orderId },
    { points, storeCredit: tendered.storeCredit },
    total,
  );
  return earnForOrder(tx, program, { orderId, customerId, channel: 'pos', amountPaid: total - walletPaid(spend) });
}

/** The order's entries summed by kind: points and amounts, signed as written. */
async function entryTotals(tx: Transaction, orderId: string) {
  const totals = new Map<string, { points: number; amount: number }>();
  for (const entry of await orderEntries(tx, orderId)) {
    const sum = totals.get(entry.kind) ?? { points: 0, amount: 0 };
    totals.set(entry.kind, { points: sum.points + entry.points, amount: sum.amount + entry.amount });
  }
  const of = (kind: string) => totals.get(kind) ?? { points: 0, amount: 0 };
  return of;
}

/**
 * A cancel undoes the order's wallet moves (`<orderId>:reverse`, `:restore`,
 * `:credit-back`): the earned points come back off the balance, at most what
 * it holds (it never goes below zero, so points already spent elsewhere stay
 * spent), and what the order redeemed goes back on it.
 */
export async function undoOrderWallet(
  tx: Transaction,
  order: { id: string; customerId: string | null },
): Promise<void> {
  const { customerId, id: orderId } = order;
  if (!customerId) return;
  const of = await entryTotals(tx, orderId);
  const owed = of('earn').points + of('reverse').points;
  const reversible = owed > 0 ? await pointsAvailable(tx, customerId, owed) : 0;
  const undo: WalletChange[] = [
    // The purchase is undone, so none of it counts towards a tier any more, even the points already spent.
    { entryId: `${orderId}:reverse`, customerId, kind: 'reverse', points: -reversible, lifetimePoints: -owed, orderId },
    {
      entryId: `${orderId}:restore`,
      customerId,
      kind: 'restore',
      points: -(of('redeem').points + of('restore').points),
      orderId,
    },
    { entryId: `${orderId}:credit-back`, customerId, kind: 'credit', amount: -of('debit').amount, orderId },
  ];
  for (const change of undo) {
    const moves = [change.points, change.amount, change.lifetimePoints].some((delta) => (delta ?? 0) !== 0);
    if (moves) await applyWalletChange(tx, change);
  }
}

/**
 * A return takes back the earned points pro rata to what has been refunded of
 * the order's total in all (`refundedSoFar`, this return included):
 * `pointsReversedAfter` minus what earlier returns reversed, at most what the
 * balance holds. Answers the points reversed.
 */
export async function reverseForReturn(
  tx: Transaction,
  order: { id: string; customerId: string | null; total: number },
  returnRowId: string,
  refunded: { before: number; after: number },
): Promise<number> {
  const { customerId, id: orderId } = order;
  if (!customerId) return 0;
  const of = await entryTotals(tx, orderId);
  const earned = of('earn').points;
  const reversedAfter = pointsReversedAfter(earned, order.total, refunded.after);
  // What this return's share of the purchase counted towards a tier, whatever the balance still holds.
  const share = reversedAfter - pointsReversedAfter(earned, order.total, refunded.before);
  const due = reversedAfter + of('reverse').points;
  const points = due > 0 ? await pointsAvailable(tx, customerId, due) : 0;
  if (points <= 0 && share <= 0) return 0;
  await applyWalletChange(tx, {
    entryId: `${returnRowId}:reverse`,
    customerId,
    kind: 'reverse',
    points: -points,
    // What was returned no longer counts towards a tier, even points already spent.
    lifetimePoints: -share,
    orderId,
    returnId: returnRowId,
  });
  return points;
}

/**
 * A refund part owed to a wallet tender goes back on the wallet at once:
 * store credit as it was, points pro rata to the loyalty payment (so the
 * parts of its refunds add up to exactly the points it redeemed).
 */
export async function refundToWallet(
  tx: Transaction,
  order: { id: string; customerId: string | null },
  refund: { id: string; returnRowId: string; method: string; amount: number; paid: number; refundedBefore: number },
): Promise<void> {
  const { customerId, id: orderId } = order;
  if (!customerId || refund.amount <= 0) return;
  const link = { customerId, orderId, returnId: refund.returnRowId };
  if (refund.method === 'store_credit') {
    await applyWalletChange(tx, { ...link, entryId: `${refund.id}:credit`, kind: 'credit', amount: refund.amount });
    return;
  }
  const redeemed = -(await entryTotals(tx, orderId))('redeem').points;
  const points =
    pointsReversedAfter(redeemed, refund.paid, refund.refundedBefore + refund.amount) -
    pointsReversedAfter(redeemed, refund.paid, refund.refundedBefore);
  if (points > 0) await applyWalletChange(tx, { ...link, entryId: `${refund.id}:restore`, kind: 'restore', points });
}

/** The wallet tenders: paid from, and refunded back to, the wallet rather than a provider or the till. */
export const WALLET_METHODS: readonly string[] = ['loyalty', 'store_credit'];
