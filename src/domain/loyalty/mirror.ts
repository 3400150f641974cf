import type { WalletEntryKind } from './program';

/** A wallet entry as shoppers and ops see it: what it moved (points, or store credit), and the order behind it. */
export interface WalletEntryView {
  id: string;
  kind: WalletEntryKind;
  points?: number;
  amount?: number;
  orderId?: string;
  channel?: string;
  createdAt: string;
}

/**
 * The wallet as its first page shows it, copied from Postgres into the
 * shopper's ShopperDO so the account page and the till read it without a
 * Postgres connection. The tier is not in it: it is the program's for
 * `lifetimePoints` at read time, so a changed program shows at once.
 */
export interface WalletSnapshot {
  balance: number;
  lifetimePoints: number;
  storeCredit: number;
  /** Newest first: the largest page and one more, which says whether there is a next page. */
  entries: WalletEntryView[];
}

/** The largest page `GET /v1/loyalty` serves, plus one. */
export const SNAPSHOT_ENTRIES = 101;

/**
 * How long a snapshot is trusted at most. Every wallet change forgets it right
 * after its commit; this bounds how stale it can be if that was lost (the
 * Worker died between the commit and the call).
 */
export const SNAPSHOT_TRUSTED_FOR_MS = 5 * 60_000;
