import type { Channel } from '../pricing';

export const MAX_CART_LINES = 200;
export const MAX_LINE_QUANTITY = 999;

/** How an order reaches the shopper: shipped, collected in store, or brought out to their car. */
export const FULFILLMENT_TYPES = ['ship', 'pickup', 'curbside'] as const;
export type FulfillmentType = (typeof FULFILLMENT_TYPES)[number];

export interface Fulfillment {
  type: FulfillmentType;
  locationId: string | null;
}

export interface CartLine {
  sku: string;
  quantity: number;
  addedAt: string;
  /** The channel the line was first added from. */
  channel: Channel;
}

/** A cart as its CartDO stores it: lines in the order they were added. */
export interface CartState {
  id: string;
  version: number;
  currency: string;
  lines: CartLine[];
  coupons: string[];
  fulfillment: Fulfillment;
  updatedAt: string;
  /** When an order was last placed from this cart (which emptied it). */
  checkedOutAt: string | null;
}

export type CartChange =
  | { kind: 'add_item'; sku: string; quantity: number; channel: Channel }
  | { kind: 'set_quantity'; sku: string; quantity: number; channel: Channel }
  | { kind: 'remove_item'; sku: string }
  | { kind: 'add_coupon'; code: string }
  | { kind: 'remove_coupon'; code: string }
  | { kind: 'set_fulfillment'; fulfillment: Fulfillment }
  | { kind: 'merge'; lines: readonly CartLine[]; coupons: readonly string[] }
  | { kind: 'clear' }
  /** An order was placed from a snapshot: its lines (and coupons) leave the cart; later additions stay. */
  | { kind: 'subtract_ordered'; lines: readonly OrderedLine[]; coupons: readonly string[] };

/** What an order took from the cart: a SKU and how many. */
export interface OrderedLine {
  sku: string;
  quantity: number;
}

export type CartRejection = { code: 'not_found'; detail: string } | { code: 'unprocessable'; detail: string };

export type CartChangeResult = { ok: true; state: CartState } | { ok: false; rejection: CartRejection };

export function emptyCart(id: string, currency: string, now: string): CartState {
  return {
    id,
    version: 0,
    currency,
    lines: [],
    coupons: [],
    fulfillment: { type: 'ship', locationId: null },
    updatedAt: now,
    checkedOutAt: null,
  };
}

/**
 * Applies one change to a cart. Every accepted change bumps the version by
 * one, so the version says how many writes the cart has seen and a stale
 * If-Match can always be detected.
 */
export function applyCartChange(state: CartState, change: CartChange, now: string): CartChangeResult {
  const next = nextContents(state, change, now);
  if ('code' in next) return { ok: false, rejection: next };
  const checkedOutAt = change.kind === 'subtract_ordered' ? now : state.checkedOutAt;
  return { ok: true, state: { ...state, ...next, version: state.version + 1, updatedAt: now, checkedOutAt } };
}

type Contents = Pick<CartState, 'lines' | 'coupons' | 'fulfillment'>;

function nextContents(state: CartState, change: CartChange, now: string): Contents | CartRejection {
  const { lines, coupons, fulfillment } = state;
  switch (change.kind) {
    case 'add_item': {
      const existing = lines.find((line) => line.sku === change.sku);
      const quantity = (existing?.quantity ?? 0) + change.quantity;
      if (quantity > MAX_LINE_QUANTITY) {
        return unprocessable(`A line holds at most ${MAX_LINE_QUANTITY} units; ${change.sku} would have ${quantity}.`);
      }
      return withLineQuantity(state, change.sku, quantity, change.channel, now);
    }
    case 'set_quantity':
      if (change.quantity === 0)
        return { lines: lines.filter((line) => line.sku !== change.sku), coupons, fulfillment };
      return withLineQuantity(state, change.sku, change.quantity, change.channel, now);
    case 'remove_item':
      if (!lines.some((line) => line.sku === change.sku))
        return { code: 'not_found', detail: `${change.sku} is not in the cart.` };
      return { lines: lines.filter((line) => line.sku !== change.sku), coupons, fulfillment };
    case 'add_coupon':
      if (coupons.some((code) => sameCode(code, change.code))) return { lines, coupons, fulfillment };
      return { lines, coupons: [...coupons, change.code], fulfillment };
    case 'remove_coupon':
      if (!coupons.some((code) => sameCode(code, change.code)))
        return { code: 'not_found', detail: `Coupon ${change.code} is not on the cart.` };
      return { lines, coupons: coupons.filter((code) => !sameCode(code, change.code)), fulfillment };
    case 'set_fulfillment':
      return { lines, coupons, fulfillment: change.fulfillment };
    case 'merge':
      return mergeContents(state, change.lines, change.coupons);
    case 'clear':
      return { lines: [], coupons: [], fulfillment };
    case 'subtract_ordered':
      return subtractOrdered(state, change.lines, change.coupons);
  }
}

/**
 * Takes what an order bought out of the cart: each ordered SKU loses the
 * ordered quantity (the line goes when nothing is left), the coupons the
 * order used go, and whatever was added meanwhile stays.
 */
function subtractOrdered(state: CartState, ordered: readonly OrderedLine[], used: readonly string[]): Contents {
  const bought = new Map<string, number>();
  for (const line of ordered) bought.set(line.sku, (bought.get(line.sku) ?? 0) + line.quantity);
  const lines = state.lines
    .map((line) => ({ ...line, quantity: line.quantity - (bought.get(line.sku) ?? 0) }))
    .filter((line) => line.quantity > 0);
  const coupons = state.coupons.filter((code) => !used.some((usedCode) => sameCode(usedCode, code)));
  return { lines, coupons, fulfillment: state.fulfillment };
}

function withLineQuantity(
  state: CartState,
  sku: string,
  quantity: number,
  channel: Channel,
  now: string,
): Contents | CartRejection {
  const { lines, coupons, fulfillment } = state;
  if (lines.some((line) => line.sku === sku)) {
    return { lines: lines.map((line) => (line.sku === sku ? { ...line, quantity } : line)), coupons, fulfillment };
  }
  if (lines.length >= MAX_CART_LINES) return unprocessable(`A cart holds at most ${MAX_CART_LINES} lines.`);
  return { lines: [...lines, { sku, quantity, addedAt: now, channel }], coupons, fulfillment };
}

/**
 * Folds another cart's lines into this one: quantities of the same SKU are
 * summed and capped at the line maximum; lines past the cart's line limit
 * are left out rather than refusing the whole merge.
 */
function mergeContents(state: CartState, incoming: readonly CartLine[], incomingCoupons: readonly string[]): Contents {
  const lines = state.lines.map((line) => ({ ...line }));
  for (const line of incoming) {
    const existing = lines.find((candidate) => candidate.sku === line.sku);
    if (existing) existing.quantity = Math.min(MAX_LINE_QUANTITY, existing.quantity + line.quantity);
    else if (lines.length < MAX_CART_LINES) lines.push({ ...line });
  }
  const coupons = [...state.coupons];
  for (const code of incomingCoupons) if (!coupons.some((held) => sameCode(held, code))) coupons.push(code);
  return { lines, coupons, fulfillment: state.fulfillment };
}

const sameCode = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

const unprocessable = (detail: string): CartRejection => ({ code: 'unprocessable', detail });
