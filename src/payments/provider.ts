import type { CheckoutPaymentMethod } from '../domain/orders';

/**
 * How Aisle takes payment and gives it back, whatever takes it. Checkout
 * authorizes after every hold is taken and voids the authorization if it then
 * fails; a return refunds (part of) a payment afterwards. Every call that moves
 * money carries our reference, so the caller's retries never move it twice.
 */
export type PaymentMethod = CheckoutPaymentMethod;

export interface AuthorizationRequest {
  method: PaymentMethod;
  token?: string; // card: the gateway's payment method token; test: "decline" declines
  amount: number; // integer minor units
  currency: string; // ISO 4217, upper case
  reference: string; // our idempotency reference; repeated calls with it must not authorize twice
  description?: string;
}

export type Authorization =
  | { status: 'authorized'; provider: string; providerReference: string; amount: number }
  | { status: 'pay_in_store'; provider: 'in_store'; providerReference: string; amount: number }
  | { status: 'declined'; provider: string; reason: string };

export interface RefundRequest {
  providerReference: string; // the payment's, as its Authorization gave it (e.g. the PaymentIntent id)
  amount: number; // integer minor units, > 0
  currency: string; // ISO 4217, upper case: the payment's
  reference: string; // our refund id; repeated calls with it must not refund twice
}

export interface Refund {
  provider: string;
  providerReference: string; // the provider's refund id
  amount: number; // integer minor units, as the provider refunded them
}

export interface PaymentProvider {
  authorize(request: AuthorizationRequest): Promise<Authorization>;
  /** Releases an authorization that will not be captured (checkout failed after authorizing). Idempotent. */
  voidAuthorization(providerReference: string): Promise<void>;
  /**
   * Gives back part or all of a payment. Idempotent by `reference`. Throws
   * PaymentUnavailableError when a retry may succeed and RefundRefusedError when it cannot.
   */
  refund(request: RefundRequest): Promise<Refund>;
}

/** Gateway unreachable / 5xx / timeout: checkout answers 503 and releases holds; a refund's outbox task retries. */
export class PaymentUnavailableError extends Error {
  override name = 'PaymentUnavailableError';
}

/**
 * The gateway refused a refund for good (more than is left to refund, already
 * refunded, a payment it does not know): repeating the call cannot change the
 * answer, so the caller stops retrying and someone has to look. `code` is the
 * gateway's (Stripe's `amount_too_large`, `charge_already_refunded`…).
 */
export class RefundRefusedError extends Error {
  override name = 'RefundRefusedError';

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
