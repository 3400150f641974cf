import type { CheckoutPaymentMethod } from '../domain/orders';

/**
 * How checkout takes payment, whatever takes it. Checkout authorizes after
 * every hold is taken and voids the authorization if it then fails, so an
 * adapter only ever has to reserve money and release it, never to refund.
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

export interface PaymentProvider {
  authorize(request: AuthorizationRequest): Promise<Authorization>;
  /** Releases an authorization that will not be captured (checkout failed after authorizing). Idempotent. */
  voidAuthorization(providerReference: string): Promise<void>;
}

/** Gateway unreachable / 5xx / timeout: checkout answers 503 and releases holds. */
export class PaymentUnavailableError extends Error {
  override name = 'PaymentUnavailableError';
}
