import type { CartState, CartView } from '../../src/domain/cart';
import type { Channel } from '../../src/domain/pricing';

/** Who is looking at a cart: the same cart prices per channel and customer group. */
export interface CartViewer {
  channel: Channel;
  group: string | null;
}

export type CartFailureCode = 'version_mismatch' | 'not_found' | 'unprocessable';

export type CartFailure = { ok: false; code: CartFailureCode; detail: string; extensions?: Record<string, unknown> };

export type CartOutcome = { ok: true; cart: CartView } | CartFailure;

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
