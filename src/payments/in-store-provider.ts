import type { Authorization, AuthorizationRequest, PaymentProvider, Refund, RefundRequest } from './provider';

/**
 * Method `pay_in_store`: the customer pays at the counter when collecting, so
 * nothing is captured or reserved online. Whether the order may be paid this
 * way (pickup only) is the checkout's rule, not this provider's. The money was
 * paid at the store's till, so a refund is handed back there too: nothing
 * moves online.
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

  async refund(request: RefundRequest): Promise<Refund> {
    return {
      provider: 'in_store',
      providerReference: `in_store_refund_${request.reference}`,
      amount: request.amount,
    };
  }
}
