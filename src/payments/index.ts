import { StripeCardGateway } from './card-gateway';
import { InStorePaymentProvider } from './in-store-provider';
import { PaymentUnavailableError, type PaymentMethod, type PaymentProvider } from './provider';
import { TestPaymentProvider } from './test-provider';

export type { Authorization, AuthorizationRequest, PaymentMethod, PaymentProvider } from './provider';
export { PaymentUnavailableError } from './provider';

/** The method exists but this deployment does not accept it (checkout answers 422). */
export class PaymentMethodDisabledError extends Error {
  override name = 'PaymentMethodDisabledError';
}

export interface PaymentSettings {
  /** PAYMENT_GATEWAY_URL; Stripe's API unless pointed elsewhere (tests point it at the local stub). */
  cardGatewayUrl: string;
  /** PAYMENT_GATEWAY_SECRET; without it card payments are unavailable, every other method still works. */
  cardGatewaySecret: string | undefined;
  /** ALLOW_TEST_PAYMENTS: the `test` method authorizes anything, so production turns it off. */
  testPaymentsEnabled: boolean;
}

export function paymentProviderFor(method: PaymentMethod, settings: PaymentSettings): PaymentProvider {
  switch (method) {
    case 'test':
      if (!settings.testPaymentsEnabled)
        throw new PaymentMethodDisabledError('the test payment method is not enabled here');
      return new TestPaymentProvider();
    case 'pay_in_store':
      return new InStorePaymentProvider();
    case 'card':
      if (!settings.cardGatewaySecret) {
        throw new PaymentUnavailableError(
          'card payments are not configured: the PAYMENT_GATEWAY_SECRET secret is not set',
        );
      }
      return new StripeCardGateway({ baseUrl: settings.cardGatewayUrl, secretKey: settings.cardGatewaySecret });
  }
}
