/** Stable, machine-readable error codes and the HTTP status each one carries (API.md). */
export const ERROR_STATUS = {
  validation_failed: 400,
  unauthorized: 401,
  payment_declined: 402,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  return_exceeds_purchase: 409,
  out_of_stock: 409,
  checkout_in_progress: 409,
  cart_already_ordered: 409,
  email_in_use: 409,
  insufficient_points: 409,
  insufficient_store_credit: 409,
  version_mismatch: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  upgrade_required: 426,
  unprocessable: 422,
  idempotency_key_reused: 422,
  payment_mismatch: 422,
  return_window_expired: 422,
  tender_needs_online: 422,
  too_many_subscriptions: 422,
  wishlist_full: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

const TITLES: Record<ErrorCode, string> = {
  validation_failed: 'Request validation failed',
  unauthorized: 'Authentication required',
  payment_declined: 'Payment declined',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  conflict: 'Conflict',
  return_exceeds_purchase: 'More than is left to return',
  out_of_stock: 'Out of stock',
  checkout_in_progress: 'Checkout in progress',
  cart_already_ordered: 'Cart already ordered',
  email_in_use: 'Email in use',
  insufficient_points: 'Not enough points',
  insufficient_store_credit: 'Not enough store credit',
  version_mismatch: 'Version mismatch',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  upgrade_required: 'Upgrade required',
  unprocessable: 'Request cannot be processed',
  idempotency_key_reused: 'Idempotency key reused',
  payment_mismatch: 'Payments do not match the total',
  return_window_expired: 'Return window expired',
  tender_needs_online: 'Tender needs the till online',
  too_many_subscriptions: 'Too many waiting subscriptions',
  wishlist_full: 'Wish list full',
  rate_limited: 'Too many requests',
  internal: 'Internal server error',
  unavailable: 'Service unavailable',
};

export interface ProblemOptions {
  /** Extra members of the problem document, e.g. `errors` or `shortages`. */
  extensions?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** The one way code reports a failure to a caller; the app turns it into problem+json. */
export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly options: ProblemOptions = {},
  ) {
    super(detail);
    this.name = 'ApiError';
    this.status = ERROR_STATUS[code];
  }
}

/** The RFC 9457 document for `error` (also what an idempotent replay returns). */
export function problemBody(error: ApiError, requestId?: string): Record<string, unknown> {
  return {
    type: `https://aisle.dev/problems/${error.code}`,
    title: TITLES[error.code],
    status: error.status,
    detail: error.detail,
    code: error.code,
    ...(requestId ? { instance: `urn:request:${requestId}` } : {}),
    ...error.options.extensions,
  };
}
