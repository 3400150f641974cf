import type { Authorization, AuthorizationRequest, PaymentProvider } from './provider';

/**
 * Method `pay_in_store`: the customer pays at the counter when collecting, so
 * nothing is captured or reserved online. Whether the order may be paid this
 * way (pickup only) is the checkout's rule, not this provider's.
 */
export class InStorePaymentProvider implements PaymentProvider {
  async authorize(request: AuthorizationRequest): Promise<Authorization> {
    return {
      status: 'pay_in_store',
      provider: 'in_store',
      providerReference: `in_store_${request.reference}`,
      amount: request.amount,
    };
  }

  async voidAuthorization(): Promise<void> {
    // No money was reserved online; the order's own cancellation is all there is to undo.
  }
}
