import type { PricedBasket } from '../pricing';

/** What a till takes. Loyalty points and store credit are the wallet's, which a till reaches only online. */
export const TENDERS = ['card', 'cash', 'store_credit', 'loyalty'] as const;
export type Tender = (typeof TENDERS)[number];
const WALLET_TENDERS: readonly Tender[] = ['store_credit', 'loyalty'];

/** What ops are told about a sale, on the order (and, where it is about one line, on the line). */
export const SALE_FLAGS = ['offline', 'price_override', 'price_mismatch', 'oversold', 'unknown_sku'] as const;
export type SaleFlag = (typeof SALE_FLAGS)[number];

/** How old an offline sale may be when it is uploaded: a till that was offline longer must be reconciled by hand. */
export const OFFLINE_SALE_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** How far ahead of the server's clock a till's clock may run. */
export const SALE_CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface SaleLineInput {
  sku: string;
  quantity: number;
  /** Offline: what the till charged per unit. Online: a manual price, with `overrideReason`. */
  unitAmount?: number;
  overrideReason?: string;
}

export interface SalePayment {
  tender: Tender;
  amount: number;
  reference?: string;
}

export interface SaleInput {
  saleId: string;
  occurredAt: string;
  lines: readonly SaleLineInput[];
  coupons: readonly string[];
  payments: readonly SalePayment[];
  offline: boolean;
  customerId?: string | null;
}

/** Why a sale is refused, as the till is told; nothing has moved when a sale is refused. */
export interface SaleRefusal {
  code: 'unprocessable' | 'tender_needs_online' | 'payment_mismatch';
  detail: string;
  extensions?: Record<string, unknown>;
}

export interface PricedSaleLine {
  sku: string;
  quantity: number;
  unitAmount: number;
  discount: number;
  lineTotal: number;
  overrideReason: string | null;
  /** Offline only: the engine's figures at the sale's time, beside what was charged. */
  engineUnitAmount: number | null;
  engineLineTotal: number | null;
  flags: SaleFlag[];
}

export interface PricedSale {
  lines: PricedSaleLine[];
  totals: { subtotal: number; discount: number; total: number };
  /** Promotions the engine applied (online); their usage limits hold as the order is written. */
  promotionIds: string[];
  flags: SaleFlag[];
}

/** The checks that need neither catalog nor prices: tenders, and when the sale happened. */
export function saleInputRefusal(sale: SaleInput, now: number): SaleRefusal | null {
  const wallet = sale.payments.find((payment) => WALLET_TENDERS.includes(payment.tender));
  if (wallet && sale.offline) {
    return {
      code: 'tender_needs_online',
      detail: `A ${wallet.tender} tender needs the till online: the wallet's balance is only known to the server.`,
      extensions: { tender: wallet.tender },
    };
  }
  // The wallet paying is the sale's customer's: without one there is no wallet to take it from.
  if (wallet && !sale.customerId) {
    return {
      code: 'unprocessable',
      detail: `A ${wallet.tender} tender needs the sale's customerId: it pays from that customer's wallet.`,
      extensions: { tender: wallet.tender },
    };
  }
  const occurredAt = Date.parse(sale.occurredAt);
  if (occurredAt > now + SALE_CLOCK_SKEW_MS) {
    return { code: 'unprocessable', detail: 'occurredAt is in the future: check the till’s clock.' };
  }
  if (now - occurredAt > OFFLINE_SALE_MAX_AGE_MS) {
    return {
      code: 'unprocessable',
      detail: 'occurredAt is more than 7 days ago: a sale that old is reconciled by hand, not uploaded.',
      extensions: { maxAgeDays: 7 },
    };
  }
  return null;
}

/**
 * SKUs the catalog does not sell: one that never existed is refused either
 * way; an inactive one is refused online, and offline (the goods are gone)
 * recorded and flagged `unknown_sku`.
 */
export function catalogRefusal(
  sale: Pick<SaleInput, 'lines' | 'offline'>,
  products: ReadonlyMap<string, { active: boolean }>,
): SaleRefusal | null {
  const unknown = sale.lines.filter((line) => !products.has(line.sku)).map((line) => line.sku);
  if (unknown.length > 0) {
    return { code: 'unprocessable', detail: `Not in the catalog: ${unknown.join(', ')}.`, extensions: { unknown } };
  }
  const inactive = sale.lines.filter((line) => products.get(line.sku)?.active !== true).map((line) => line.sku);
  if (inactive.length > 0 && !sale.offline) {
    return { code: 'unprocessable', detail: `No longer sold: ${inactive.join(', ')}.`, extensions: { inactive } };
  }
  return null;
}

/**
 * An online sale as the engine priced it (`basket`, the lines without a manual
 * price), with the manual prices as they were set: a line whose price the
 * staff typed is charged exactly that, no promotion on top.
 */
export function onlineSale(sale: SaleInput, basket: PricedBasket): PricedSale | SaleRefusal {
  if (basket.unpriced.length > 0) {
    return {
      code: 'unprocessable',
      detail: `No price for: ${basket.unpriced.join(', ')}.`,
      extensions: { unpriced: basket.unpriced },
    };
  }
  const engine = new Map(basket.lines.map((line) => [line.sku, line]));
  const lines = sale.lines.map((line): PricedSaleLine => {
    if (line.unitAmount !== undefined) {
      return {
        ...chargedLine(line, line.unitAmount),
        overrideReason: line.overrideReason ?? null,
        flags: ['price_override'],
      };
    }
    const priced = engine.get(line.sku);
    if (!priced) throw new Error(`the engine did not price ${line.sku}`);
    const { unitAmount, discount, lineTotal } = priced;
    return { ...chargedLine(line, unitAmount), discount, lineTotal };
  });
  return withTotals(
    lines,
    basket.appliedPromotions.map((promotion) => promotion.id),
    [],
  );
}

/**
 * An offline sale as the till charged it, each line beside the engine's
 * price at the sale's time (`basket`, all lines); a line charged otherwise
 * (or that the engine cannot price) is flagged `price_mismatch`.
 */
export function offlineSale(
  sale: SaleInput,
  basket: PricedBasket,
  products: ReadonlyMap<string, { active: boolean }>,
): PricedSale {
  const engine = new Map(basket.lines.map((line) => [line.sku, line]));
  const lines = sale.lines.map((line): PricedSaleLine => {
    if (line.unitAmount === undefined) throw new Error(`offline line ${line.sku} has no unitAmount`);
    const charged = chargedLine(line, line.unitAmount);
    const priced = engine.get(line.sku);
    const flags: SaleFlag[] = [];
    if (priced?.lineTotal !== charged.lineTotal) flags.push('price_mismatch');
    if (products.get(line.sku)?.active !== true) flags.push('unknown_sku');
    return {
      ...charged,
      engineUnitAmount: priced?.unitAmount ?? null,
      engineLineTotal: priced?.lineTotal ?? null,
      flags,
    };
  });
  // The till chose its promotions offline; what it charged is what counts, so none is counted here.
  return withTotals(lines, [], ['offline']);
}

function chargedLine(line: SaleLineInput, unitAmount: number): PricedSaleLine {
  const lineTotal = unitAmount * line.quantity;
  return {
    sku: line.sku,
    quantity: line.quantity,
    unitAmount,
    discount: 0,
    lineTotal,
    overrideReason: null,
    engineUnitAmount: null,
    engineLineTotal: null,
    flags: [],
  };
}

function withTotals(lines: PricedSaleLine[], promotionIds: string[], flags: SaleFlag[]): PricedSale {
  const subtotal = lines.reduce((sum, line) => sum + line.unitAmount * line.quantity, 0);
  const discount = lines.reduce((sum, line) => sum + line.discount, 0);
  const lineFlags = new Set(lines.flatMap((line) => line.flags));
  return {
    lines,
    totals: { subtotal, discount, total: subtotal - discount },
    promotionIds,
    flags: [...flags, ...SALE_FLAGS.filter((flag) => lineFlags.has(flag))],
  };
}

/**
 * Whether the tenders pay the total: exactly, or over by no more than the
 * cash handed over (the rest is change). Anything else is refused with what
 * the till should have asked for.
 */
export function settleTenders(
  payments: readonly SalePayment[],
  total: number,
): { ok: true; changeDue: number } | ({ ok: false } & SaleRefusal) {
  const tendered = payments.reduce((sum, payment) => sum + payment.amount, 0);
  const cash = payments.filter((payment) => payment.tender === 'cash').reduce((sum, p) => sum + p.amount, 0);
  const over = tendered - total;
  if (over === 0 || (over > 0 && over <= cash)) return { ok: true, changeDue: over };
  return {
    ok: false,
    code: 'payment_mismatch',
    detail:
      over < 0
        ? `The payments come to ${tendered}, ${-over} short of the total ${total}.`
        : `The payments come to ${tendered}, ${over} over the total ${total}, and only cash can be over-tendered.`,
    extensions: { expectedTotal: total, tendered },
  };
}

/** What the wallet tenders of a sale come to, minor units: the points' value and the store credit. */
export function walletTendered(payments: readonly SalePayment[]): { loyalty: number; storeCredit: number } {
  const sum = (tender: Tender) => payments.filter((p) => p.tender === tender).reduce((total, p) => total + p.amount, 0);
  return { loyalty: sum('loyalty'), storeCredit: sum('store_credit') };
}

/** The UTC day a sale's receipt is numbered in, as YYYY-MM-DD. */
export const businessDayOf = (occurredAt: Date): string => occurredAt.toISOString().slice(0, 10);

/** A till may void its own sale on the day it was rung up (UTC), and no later: after that it is a return. */
export function mayVoidSale(sale: { occurredAt: Date | null; createdAt: Date }, now: Date): boolean {
  return businessDayOf(sale.occurredAt ?? sale.createdAt) === businessDayOf(now);
}
