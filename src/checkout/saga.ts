import type { AppConfig } from '../config';
import type { Database } from '../db/client';
import { abandonIdempotencyKey, completeIdempotencyKey, waitForClaim, type StoredResponse } from '../db/idempotency';
import {
  insertOrder,
  PromotionLimitReached,
  WalletSpendReleased,
  type NewOrder,
  type NewOrderLine,
  type NewPayment,
} from '../db/orders';
import { findOutboxRow, type OutboxRow } from '../db/outbox';
import { announceOutboxEvents } from '../lib/announce';
import type { CartState } from '../domain/cart';
import type { LoyaltyProgram } from '../domain/loyalty';
import {
  checkoutProblem,
  holdIdFor,
  inactiveSkus,
  pickupCodeFrom,
  pricedOrderFromBasket,
  pricedOrderFromQuote,
  type PricedOrder,
} from '../domain/orders';
import { priceBasket, type Channel } from '../domain/pricing';
import { ApiError, problemBody } from '../lib/errors';
import {
  debitForCheckout,
  earnForOrder,
  NO_SPEND,
  refundCheckoutSpend,
  walletPaid,
  type WalletSpend,
} from '../loyalty/wallet-flows';
import { sha256 } from '../lib/hash';
import { orderPlaced } from '../orders/events';
import { promotionLimitConflict } from '../orders/promotion-limit';
import { currentProgram } from '../loyalty/program';
import { walletChanged } from '../loyalty/wallet-view';
import { runTaskNow } from '../outbox/dispatcher';
import { cartCompleteTask, cartCompleteTaskId, stockCommitTask } from '../outbox/tasks';
import {
  PaymentMethodDisabledError,
  paymentProviderFor,
  PaymentUnavailableError,
  type Authorization,
} from '../payments';
import type { HoldRequest, PlacedHold } from '../domain/stock';
import { verifyQuote } from '../quotes/quote-token';
import { CatalogReadModel } from '../read-model/catalog';
import { recommendationsPublishTask } from '../recommendations/publish';
import { PricingReadModel } from '../read-model/pricing';
import type { CheckoutBody } from '../schemas/orders';
import { placeHolds, releaseHolds } from '../stock/holds';
import { orderView } from '../orders/view';

// Long enough for payment and the order transaction; a commit after expiry still sells (see decideCommit).
const CHECKOUT_HOLD_TTL_MS = 15 * 60_000;
// How long a duplicate waits for the first request with its key to finish before answering 409.
const DUPLICATE_WAIT_MS = 15_000;

export interface CheckoutCaller {
  cartName: string;
  customerId: string | null;
  customerGroup: string | null;
  channel: Channel;
}

export interface CheckoutDeps {
  env: Env;
  config: AppConfig;
  db: Database;
  waitUntil(promise: Promise<unknown>): void;
  /** Named failure points a test may trigger (FAULT_INJECTION environments only). */
  fault: string | null;
}

export type CheckoutResult = StoredResponse & { replayed: boolean };

/**
 * POST /v1/checkout as a saga (docs/architecture.md): snapshot the cart,
 * price it, hold stock everywhere in parallel, authorize payment, write the
 * order in one transaction, then commit the holds and clear the cart. Each
 * failure compensates what came before, and the whole is idempotent by the
 * caller's key: the same key and body always get the first answer.
 */
export async function checkout(
  deps: CheckoutDeps,
  caller: CheckoutCaller,
  idempotencyKey: string,
  body: CheckoutBody,
): Promise<CheckoutResult> {
  const key = `checkout:${caller.cartName}:${idempotencyKey}`;
  const requestHash = await sha256(JSON.stringify(body));
  const claim = await waitForClaim(deps.db, key, requestHash, DUPLICATE_WAIT_MS);
  if (claim.kind === 'replay') {
    if (claim.response.status === 201) await finishCartOfReplay(deps, claim.response.body);
    return { ...claim.response, replayed: true };
  }
  if (claim.kind === 'mismatch') {
    throw new ApiError('idempotency_key_reused', 'This Idempotency-Key was used with a different request body.');
  }
  if (claim.kind === 'in_progress') {
    throw new ApiError('conflict', 'A checkout with this Idempotency-Key is still in progress; retry shortly.', {
      headers: { 'retry-after': '2' },
    });
  }
  try {
    const response = await runSaga(deps, caller, { key, idempotencyKey }, body, claim.attempt);
    return { ...response, replayed: false };
  } catch (error) {
    // Another key's checkout is running: not this key's final answer, so a retry may still order.
    if (error instanceof ApiError && error.code === 'checkout_in_progress') {
      await abandonIdempotencyKey(deps.db, key);
      throw error;
    }
    if (error instanceof ApiError && error.status < 500) {
      const response = { status: error.status, body: problemBody(error) };
      await completeIdempotencyKey(deps.db, key, response);
      return { ...response, replayed: false };
    }
    // Transient (5xx): let the client's retry run the saga again; every step is idempotent.
    await abandonIdempotencyKey(deps.db, key);
    throw error;
  }
}

async function runSaga(
  deps: CheckoutDeps,
  caller: CheckoutCaller,
  { key, idempotencyKey }: { key: string; idempotencyKey: string },
  body: CheckoutBody,
  attempt: number,
): Promise<StoredResponse> {
  const { env } = deps;
  const cartDO = env.CART.getByName(caller.cartName);
  // The claim comes before any hold or payment: of concurrent checkouts of one cart, one goes on.
  const claim = await cartDO.claimCheckout(idempotencyKey, CHECKOUT_HOLD_TTL_MS);
  if (claim.kind === 'in_progress') {
    const seconds = Math.min(Math.max(1, Math.ceil((claim.leaseUntil - Date.now()) / 1000)), 5);
    throw new ApiError('checkout_in_progress', 'Another checkout of this cart is in progress; retry shortly.', {
      headers: { 'retry-after': String(seconds) },
    });
  }
  if (claim.kind === 'ordered') {
    throw new ApiError('cart_already_ordered', `This cart has already been ordered as ${claim.orderId}.`, {
      extensions: { orderId: claim.orderId },
    });
  }
  const { cart } = claim;
  const checkoutId = `chk_${(await sha256(key)).slice(0, 24)}`;
  let priced: PricedOrder;
  let holds: PlacedHold[];
  let authorization: Exclude<Authorization, { status: 'declined' }> | null;
  let spend: WalletSpend = NO_SPEND;
  let program: LoyaltyProgram;
  const spender = { checkoutId, customerId: caller.customerId, channel: caller.channel };
  try {
    const problem = checkoutProblem(cart, {
      method: body.payment.method,
      hasShippingAddress: body.shippingAddress !== undefined,
    });
    if (problem) throw new ApiError('unprocessable', problem);
    await refuseInactive(env, cart);
    [priced, program] = await Promise.all([
      priceForCheckout(deps, caller, cart, body.quoteToken),
      // Read once: the spend is valued and the order earns under the same program.
      currentProgram(env),
    ]);
    // The wallet is debited before anything is held or authorized: of concurrent checkouts spending
    // the same points, the ones that lose hold nothing. The totals stay the basket's; the card pays the rest.
    spend = await debitForCheckout(
      deps.db,
      program,
      spender,
      { points: body.loyaltyPoints ?? 0, storeCredit: body.storeCredit ?? 0 },
      priced.totals.total,
    );
    holds = await holdEverything(env, cart, priced, checkoutId);
    // Holds are per checkout (a retry finds the same ones); a payment is per attempt, because the
    // gateway replays even a failed authorization for the same reference.
    const rest = priced.totals.total - walletPaid(spend);
    authorization =
      rest > 0 ? await authorizeOrRelease(deps, body, priced, rest, `${checkoutId}:${attempt}`, holds) : null;
  } catch (error) {
    await refundCheckoutSpend(deps, spender, spend);
    await cartDO.releaseCheckout(idempotencyKey);
    throw error;
  }
  const paid = authorization;

  const orderId = `ord_${checkoutId.slice(4)}`;
  const pickupCode =
    cart.fulfillment.type === 'ship' ? null : pickupCodeFrom(crypto.getRandomValues(new Uint8Array(6)));
  const cartCompletion = cartCompleteTask({
    cartName: caller.cartName,
    idempotencyKey,
    orderId,
    lines: priced.lines.map(({ sku, quantity }) => ({ sku, quantity })),
    coupons: cart.coupons,
  });
  const recommendationsPublish = recommendationsPublishTask(orderId, priced.lines);
  let response: StoredResponse;
  let announced: OutboxRow[] = [];
  try {
    response = await deps.db.transaction(async (tx) => {
      const newOrder: NewOrder = {
        id: orderId,
        customerId: caller.customerId,
        customerGroup: caller.customerGroup,
        cartId: cart.id,
        channel: caller.channel,
        status: 'placed',
        fulfillment: cart.fulfillment,
        pickupCode,
        currency: priced.currency,
        totals: priced.totals,
        promotionIds: priced.promotionIds,
        lines: linesWithHolds(priced, holds),
        payments: [
          ...(paid
            ? [
                {
                  id: `pay_${checkoutId.slice(4)}`,
                  method: body.payment.method,
                  ...paymentRecord(paid),
                  amount: priced.totals.total - walletPaid(spend),
                },
              ]
            : []),
          ...walletPayments(`pay_${checkoutId.slice(4)}`, spend),
        ],
        flags: [],
        sale: null,
        contact: { ...body.contact },
        shippingAddress: body.shippingAddress ?? null,
        walletSpend: spend.releaseTaskId ? { entryIds: spend.entryIds, releaseTaskId: spend.releaseTaskId } : null,
      };
      const tierChanges = await earnForOrder(tx, program, {
        orderId,
        customerId: caller.customerId,
        channel: caller.channel,
        amountPaid: priced.totals.total - walletPaid(spend),
      });
      const followUps = [
        stockCommitTask(orderId, holds),
        cartCompletion,
        orderPlaced({ ...newOrder, total: priced.totals.total }),
        ...tierChanges,
        ...(recommendationsPublish ? [recommendationsPublish] : []),
      ];
      const { order, toAnnounce } = await insertOrder(tx, newOrder, followUps);
      announced = toAnnounce;
      // The response is stored in the order's own transaction: a repeat can never create a second order,
      // and gets exactly what the first request got.
      const placed = {
        status: 201,
        body: await orderView(order, { pickupCode: true, signingSecret: deps.config.signingSecret }),
      };
      await completeIdempotencyKey(tx, key, placed);
      return placed;
    });
  } catch (error) {
    await compensate(deps, holds, paid, body.payment.method);
    await refundCheckoutSpend(deps, spender, spend);
    await cartDO.releaseCheckout(idempotencyKey);
    if (error instanceof PromotionLimitReached) throw promotionLimitConflict(error);
    if (error instanceof WalletSpendReleased) {
      throw new ApiError(
        'conflict',
        'This checkout took so long that its points and store credit were given back; nothing was charged. Use a new Idempotency-Key.',
      );
    }
    throw error;
  }
  deps.waitUntil(announceOutboxEvents(deps.env.EVENTS, announced, deps.fault));
  // The order moved the wallet (its spend, what it earned): the shopper's copy of it is stale.
  const walletForgotten = walletChanged(env, caller.customerId);
  if (deps.fault === 'after-order-commit') {
    await walletForgotten;
    throw new Error('injected failure: after the order was written, before its holds were committed');
  }
  // Three independent follow-ups, side by side. The outbox rows guarantee the stock commit and the
  // cart's completion; running them now just means they rarely wait for the dispatcher, so a failure
  // here is left to the dispatcher rather than failing a placed order.
  await Promise.all([
    walletForgotten,
    runTaskNow(deps, stockCommitTask(orderId, holds), deps.waitUntil).catch((error: unknown) =>
      console.error(`order ${orderId}: stock commit left to the outbox dispatcher`, error),
    ),
    runTaskNow(deps, cartCompletion, deps.waitUntil).catch((error: unknown) =>
      console.error(`order ${orderId}: taking its lines out of the cart left to the outbox dispatcher`, error),
    ),
  ]);
  return response;
}

/**
 * A replay of a placed order finishes what its first run may not have: the
 * cart completion written with the order, run now if the dispatcher has not
 * yet (the CartDO applies it once per order, so running it twice is harmless).
 */
async function finishCartOfReplay(deps: CheckoutDeps, orderBody: unknown): Promise<void> {
  const { id } = orderBody as { id: string };
  const task = await findOutboxRow(deps.db, cartCompleteTaskId(id));
  if (!task || task.processedAt) return;
  await runTaskNow(deps, task, deps.waitUntil).catch((error: unknown) =>
    console.error(`order ${id}: taking its lines out of the cart left to the outbox dispatcher`, error),
  );
}

/** A SKU retired while it sat in the cart is not sold: 422 naming every such line. */
async function refuseInactive(env: Env, cart: CartState): Promise<void> {
  const products = await new CatalogReadModel(env.READ_MODEL).products(cart.lines.map((line) => line.sku));
  const inactive = inactiveSkus(cart, products);
  if (inactive.length > 0) {
    throw new ApiError('unprocessable', `No longer sold: ${inactive.join(', ')}.`, { extensions: { inactive } });
  }
}

async function priceForCheckout(
  deps: CheckoutDeps,
  caller: CheckoutCaller,
  cart: CartState,
  quoteToken: string | undefined,
): Promise<PricedOrder> {
  if (quoteToken) {
    const verified = await verifyQuote(quoteToken, deps.config.signingSecret, {
      lines: cart.lines,
      currency: cart.currency,
      channel: caller.channel,
      group: caller.customerGroup,
    });
    if (!verified.ok)
      throw new ApiError('unprocessable', `The quote cannot be used: ${verified.detail}.`, {
        extensions: { reason: verified.reason },
      });
    return pricedOrderFromQuote(verified.quote);
  }
  const pricing = await new PricingReadModel(deps.env.READ_MODEL).current();
  const basket = priceBasket({
    lines: cart.lines,
    coupons: cart.coupons,
    context: {
      currency: cart.currency,
      channel: caller.channel,
      customerGroup: caller.customerGroup,
      now: new Date().toISOString(),
    },
    priceIndex: pricing.priceIndex,
    promotions: pricing.promotions,
  });
  if (basket.unpriced.length > 0) {
    throw new ApiError('unprocessable', `No price for: ${basket.unpriced.join(', ')}.`, {
      extensions: { unpriced: basket.unpriced },
    });
  }
  return pricedOrderFromBasket(basket);
}

async function holdEverything(
  env: Env,
  cart: CartState,
  priced: PricedOrder,
  checkoutId: string,
): Promise<PlacedHold[]> {
  const { type, locationId } = cart.fulfillment;
  const shipFrom =
    type === 'ship'
      ? (await new CatalogReadModel(env.READ_MODEL).locations()).filter((l) => l.shipFrom).map((l) => l.id)
      : [];
  const requests: HoldRequest[] = priced.lines.map((line) => ({
    sku: line.sku,
    quantity: line.quantity,
    holdId: holdIdFor(checkoutId, line.sku),
    target: type === 'ship' || locationId === null ? { shipFrom } : { locationId },
  }));
  const outcome = await placeHolds(env, requests, CHECKOUT_HOLD_TTL_MS, checkoutId);
  if (outcome.ok) return outcome.holds;
  if (outcome.reason === 'out_of_stock') {
    const names = outcome.shortages.map((s) => `${s.sku} (${s.available} of ${s.requested})`).join(', ');
    throw new ApiError('out_of_stock', `Not enough stock for: ${names}.`, {
      extensions: { shortages: outcome.shortages },
    });
  }
  throw new ApiError(
    'conflict',
    `The cart changed while this checkout was being retried (${outcome.sku}); use a new Idempotency-Key.`,
  );
}

async function authorizeOrRelease(
  deps: CheckoutDeps,
  body: CheckoutBody,
  priced: PricedOrder,
  amount: number,
  paymentReference: string,
  holds: PlacedHold[],
): Promise<Exclude<Authorization, { status: 'declined' }>> {
  let authorization: Authorization;
  try {
    const provider = paymentProviderFor(body.payment.method, deps.config.payments);
    authorization = await provider.authorize({
      method: body.payment.method,
      token: body.payment.token,
      amount,
      currency: priced.currency,
      reference: paymentReference,
    });
  } catch (error) {
    await releaseHolds(deps.env, holds);
    if (error instanceof PaymentMethodDisabledError)
      throw new ApiError('unprocessable', `Cannot pay that way: ${error.message}.`);
    if (error instanceof PaymentUnavailableError)
      throw new ApiError('unavailable', `Payment is unavailable: ${error.message}.`, {
        headers: { 'retry-after': '5' },
      });
    throw error;
  }
  if (authorization.status === 'declined') {
    await releaseHolds(deps.env, holds);
    throw new ApiError('payment_declined', `The payment was declined (${authorization.reason}).`, {
      extensions: { reason: authorization.reason },
    });
  }
  return authorization;
}

/** Each priced line with the hold behind it and where its units were taken from. */
function linesWithHolds(priced: PricedOrder, holds: readonly PlacedHold[]): NewOrderLine[] {
  const holdBySku = new Map(holds.map((hold) => [hold.sku, hold]));
  return priced.lines.map((line) => {
    const hold = holdBySku.get(line.sku);
    if (!hold) throw new Error(`no hold for ${line.sku}`);
    return { ...line, holdId: hold.holdId, allocations: hold.allocations };
  });
}

/** What the wallet paid, as the order's payments beside the card's: taken already, so captured. */
function walletPayments(paymentId: string, spend: WalletSpend): NewPayment[] {
  const parts = [
    { method: 'loyalty', amount: spend.pointsAmount, entry: ':redeem' },
    { method: 'store_credit', amount: spend.storeCredit, entry: ':debit' },
  ];
  return parts.flatMap(({ method, amount, entry }) => {
    const providerReference = spend.entryIds.find((id) => id.endsWith(entry));
    return providerReference
      ? [{ id: `${paymentId}_${method}`, method, amount, providerReference, provider: 'wallet', status: 'captured' }]
      : [];
  });
}

function paymentRecord(authorization: Exclude<Authorization, { status: 'declined' }>) {
  return {
    provider: authorization.provider,
    status: authorization.status,
    providerReference: authorization.providerReference,
  };
}

async function compensate(
  deps: CheckoutDeps,
  holds: PlacedHold[],
  authorization: Exclude<Authorization, { status: 'declined' }> | null,
  method: CheckoutBody['payment']['method'],
): Promise<void> {
  await releaseHolds(deps.env, holds);
  if (authorization?.status === 'authorized') {
    await paymentProviderFor(method, deps.config.payments).voidAuthorization(authorization.providerReference);
  }
}
