import type { CartState, CartView } from '../../src/domain/cart';
import type { Channel } from '../../src/domain/pricing';

/** Who is looking at a cart: the same cart prices per channel and customer group. */
export interface CartViewer {
  channel: Channel;
  group: string | null;
}

export type CartFailureCode = 'version_mismatch' | 'not_found' | 'unprocessable';

export type CartFailure = { ok: false; code: CartFailureCode; detail: string; extensions?: Record<string, unknown> };

/**
 * A rendered cart as a route answers it: its JSON and its version (the ETag).
 * The view crosses the RPC to the Worker as one string, which the route
 * sends as it is: as objects it would be cloned across the RPC and then
 * serialized again by the route (the bench's floors measure what the shape
 * of an answer costs, for the mirror's).
 */
export interface CartReply {
  version: number;
  json: string;
}

export const cartReply = (view: CartView): CartReply => ({ version: view.version, json: JSON.stringify(view) });

export type CartOutcome = { ok: true; cart: CartReply } | CartFailure;

export interface WriteOptions {
  viewer: CartViewer;
  /** The If-Match version; the write is refused when the cart has moved on. */
  expectedVersion?: number;
}

export const unprocessable = (detail: string, extensions?: Record<string, unknown>): CartFailure => ({
  ok: false,
  code: 'unprocessable',
  detail,
  ...(extensions && { extensions }),
});

/** The If-Match refusal, when the caller expected another version than the cart's. */
export function staleVersion({ version }: CartState, expectedVersion: number | undefined): CartFailure | null {
  if (expectedVersion === undefined || version === expectedVersion) return null;
  return {
    ok: false,
    code: 'version_mismatch',
    detail: `The cart is at version ${version}, not ${expectedVersion}; reload it and retry.`,
    extensions: { currentVersion: version },
  };
}
