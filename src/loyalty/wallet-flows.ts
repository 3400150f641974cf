// The wallet's part in the flows that move it: checkout, a till's sale, a
// cancel, a return. Each function runs in the transaction of the change that
// causes it, so the wallet moves exactly when the order, sale or return is
// written, and every entry id is derived from its cause (a repeat changes
// nothing: applyWalletChange answers `replayed`).
import type { Database, Transaction } from '../db/client';
import type { OutboxRow } from '../db/outbox';
import {
  applyWalletChange,
  findWallet,
  hasAnyEntry,
  linkEntriesToOrder,
  loadProgram,
  orderEntries,
  pointsAvailable,
  setTier,
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
  /** The program the spend was valued under (checkout): the order earns under the same one, read once. */
  program?: LoyaltyProgram;
}

export const NO_SPEND: WalletSpend = { points: 0, pointsAmount: 0, storeCredit: 0, entryIds: [] };

/** What the wallet paid in all, minor units. */
export const walletPaid = (spend: WalletSpend) => spend.pointsAmount + spend.storeCredit;

/**
 * Takes `request` off the customer's wallet in `tx`, entries `<causeId>:redeem`
 * and `<causeId>:debit`. Refused (422) when it is worth more than `payable`
 * or asks for points the program gives no value; 409 `insufficient_points` /
 * `insufficient_store_credit` when the balance is short (the caller's
 * transaction rolls back, so nothing of its own is written either).
 */
export async function debitWallet(
  tx: Transaction,
  program: LoyaltyProgram,
  spender: { causeId: string; customerId: string; channel: string; orderId: string | null },
  request: WalletSpendRequest,
  payable: number,
): Promise<WalletSpend> {
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
      {
        extensions: { payable, walletAmount: walletPaid(spend) },
      },
    );
  }
  const base = { customerId: spender.customerId, channel: spender.channel, orderId: spender.orderId };
  if (spend.points > 0) {
    const entryId = `${spender.causeId}:redeem`;
    await spendOrRefuse(tx, { ...base, entryId, kind: 'redeem', points: -spend.points }, 'insufficient_points');
    spend.entryIds.push(entryId);
  }
  if (spend.storeCredit > 0) {
    const entryId = `${spender.causeId}:debit`;
    await spendOrRefuse(
      tx,
      { ...base, entryId, kind: 'debit', amount: -spend.storeCredit },
      'insufficient_store_credit',
    );
    spend.entryIds.push(entryId);
  }
  return spend;
}

async function spendOrRefuse(
  tx: Transaction,
  change: WalletChange,
  code: 'insufficient_points' | 'insufficient_store_credit',
): Promise<void> {
  const outcome = await applyWalletChange(tx, change);
  if (outcome.kind !== 'insufficient') return;
  const { points, storeCredit } = outcome.balance;
  throw new ApiError(
    code,
    code === 'insufficient_points'
      ? `The wallet holds ${points} points, fewer than the ${-(change.points ?? 0)} asked.`
      : `The wallet holds ${storeCredit} of store credit, less than the ${-(change.amount ?? 0)} asked.`,
    { extensions: code === 'insufficient_points' ? { balance: points } : { storeCredit } },
  );
}

/**
 * Checkout's spend, in its own short transaction before any stock is held or
 * card authorized (so a lost race holds nothing). A retry of the same
 * checkout finds its entries written and debits nothing twice; one whose
 * spend was already given back by a failed attempt cannot reuse it.
 */
export async function debitForCheckout(
  db: Database,
  spender: { checkoutId: string; customerId: string | null; channel: string },
  request: WalletSpendRequest,
  payable: number,
): Promise<WalletSpend> {
  if (request.points === 0 && request.storeCredit === 0) return NO_SPEND;
  const { customerId, checkoutId } = spender;
  if (!customerId) throw new ApiError('unprocessable', 'Points and store credit need a signed-in customer.');
  if (await hasAnyEntry(db, [`${checkoutId}:restore`, `${checkoutId}:credit-back`])) {
    throw new ApiError(
      'conflict',
      'This checkout failed and its wallet spend was given back; use a new Idempotency-Key.',
    );
  }
  return db.transaction(async (tx) => {
    const program = await loadProgram(tx);
    const spend = await debitWallet(
      tx,
      program,
      { causeId: checkoutId, customerId, channel: spender.channel, orderId: null },
      request,
      payable,
    );
    return { ...spend, program };
  });
}

/** Gives a failed checkout's spend back (`<checkoutId>:restore` / `:credit-back`), once however often it runs. */
export async function refundCheckoutSpend(
  db: Database,
  spender: { checkoutId: string; customerId: string | null },
  spend: WalletSpend,
): Promise<void> {
  const { customerId, checkoutId } = spender;
  if (!customerId || walletPaid(spend) === 0) return;
  await db.transaction(async (tx) => {
    if (spend.points > 0)
      await applyWalletChange(tx, {
        entryId: `${checkoutId}:restore`,
        customerId,
        kind: 'restore',
        points: spend.points,
      });
    if (spend.storeCredit > 0)
      await applyWalletChange(tx, {
        entryId: `${checkoutId}:credit-back`,
        customerId,
        kind: 'credit',
        amount: spend.storeCredit,
      });
  });
}

/** The placed order owns its checkout's spend: the entries are tied to it, so a cancel finds them. */
export const linkSpendToOrder = (tx: Transaction, spend: WalletSpend, orderId: string) =>
  linkEntriesToOrder(tx, spend.entryIds, orderId);

/**
 * What an order earns (`<orderId>:earn`) on `amountPaid`, what was paid other
 * than from the wallet, at the customer's tier before it; guests earn
 * nothing. Answers the `loyalty.tier_changed` event to write with the order
 * when the points move the customer to another tier.
 */
export async function earnForOrder(
  tx: Transaction,
  order: { orderId: string; customerId: string | null; channel: string; amountPaid: number },
  program?: LoyaltyProgram,
): Promise<OutboxRow[]> {
  const { orderId, customerId, channel, amountPaid } = order;
  if (!customerId) return [];
  const rules = program ?? (await loadProgram(tx));
  const before = await findWallet(tx, customerId);
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
  sale: { orderId: string; customerId: string | null; total: number },
  tendered: { loyalty: number; storeCredit: number },
): Promise<OutboxRow[]> {
  const { orderId, customerId, total } = sale;
  if (!customerId) return [];
  const program = await loadProgram(tx);
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
  return earnForOrder(tx, { orderId, customerId, channel: 'pos', amountPaid: total - walletPaid(spend) }, program);
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
