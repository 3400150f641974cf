import { StripeCardGateway } from './card-gateway';
import { InStorePaymentProvider } from './in-store-provider';
import { PaymentUnavailableError, type PaymentMethod, type PaymentProvider } from './provider';
import { TestPaymentProvider } from './test-provider';
import type { PaymentSettings } from '../config/settings';

export type {
  Authorization,
  AuthorizationRequest,
  PaymentMethod,
  PaymentProvider,
  Refund,
  RefundRequest,
} from './provider';
export { PaymentUnavailableError, RefundRefusedError } from './provider';

/** The method exists but this deployment does not accept it (checkout answers 422). */
export class PaymentMethodDisabledError extends Error {
  override name = 'PaymentMethodDisabledError';
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
