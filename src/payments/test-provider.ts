import type { Authorization, AuthorizationRequest, PaymentProvider, Refund, RefundRequest } from './provider';

/** The token that makes the test method decline, so clients can exercise the 402 path. */
export const TEST_DECLINE_TOKEN = 'decline';

/**
 * Method `test`: no money moves. Provider references are derived from our
 * references, so a retried checkout sees the same authorization and a retried
 * refund the same refund, as they would from a real gateway honouring an
 * idempotency key.
 */
export class TestPaymentProvider implements PaymentProvider {
  async authorize(request: AuthorizationRequest): Promise<Authorization> {
    if (request.token === TEST_DECLINE_TOKEN) return { status: 'declined', provider: 'test', reason: 'test_decline' };
    return {
      status: 'authorized',
      provider: 'test',
      providerReference: `test_${request.reference}`,
      amount: request.amount,
    };
  }

  async voidAuthorization(): Promise<void> {
    // Nothing was reserved anywhere, so there is nothing to release.
  }

  async refund(request: RefundRequest): Promise<Refund> {
    return { provider: 'test', providerReference: `test_refund_${request.reference}`, amount: request.amount };
  }
}
