import { describe, expect, inject, it } from 'vitest';
import {
  PaymentMethodDisabledError,
  paymentProviderFor,
  PaymentUnavailableError,
  type PaymentMethod,
} from '../../src/payments';

const configured = () => ({
  cardGatewayUrl: inject('cardGatewayUrl'),
  cardGatewaySecret: inject('cardGatewaySecret'),
  testPaymentsEnabled: true,
});

const authorizeWith = (method: PaymentMethod, token: string) =>
  paymentProviderFor(method, configured()).authorize({
    method,
    token,
    amount: 990,
    currency: 'EUR',
    reference: `pick-${crypto.randomUUID()}`,
  });

describe('choosing the payment provider', () => {
  it('routes each method to its own provider', async () => {
    expect(await authorizeWith('test', 'tok')).toMatchObject({ status: 'authorized', provider: 'test' });
    expect(await authorizeWith('pay_in_store', 'tok')).toMatchObject({ status: 'pay_in_store', provider: 'in_store' });
    expect(await authorizeWith('card', 'pm_card_visa')).toMatchObject({ status: 'authorized', provider: 'stripe' });
  });

  it('refuses card payments with a message naming the missing secret', () => {
    const unconfigured = {
      cardGatewayUrl: 'https://api.stripe.com',
      cardGatewaySecret: undefined,
      testPaymentsEnabled: true,
    };

    expect(() => paymentProviderFor('card', unconfigured)).toThrow(PaymentUnavailableError);
    expect(() => paymentProviderFor('card', unconfigured)).toThrow(/PAYMENT_GATEWAY_SECRET/);
  });

  it('still offers the other methods without a card gateway secret', async () => {
    const unconfigured = { cardGatewayUrl: 'https://api.stripe.com', cardGatewaySecret: '', testPaymentsEnabled: true };
    const request = { amount: 990, currency: 'EUR', reference: 'pick-unconfigured' };

    expect(() => paymentProviderFor('card', unconfigured)).toThrow(PaymentUnavailableError);
    expect(await paymentProviderFor('test', unconfigured).authorize({ ...request, method: 'test' })).toMatchObject({
      status: 'authorized',
    });
    expect(
      await paymentProviderFor('pay_in_store', unconfigured).authorize({ ...request, method: 'pay_in_store' }),
    ).toMatchObject({
      status: 'pay_in_store',
    });
  });

  it('refuses the test method where it is disabled (production), and still takes the others there', async () => {
    const production = { ...configured(), testPaymentsEnabled: false };
    const request = { amount: 990, currency: 'EUR', reference: `pick-${crypto.randomUUID()}` };

    expect(() => paymentProviderFor('test', production)).toThrow(PaymentMethodDisabledError);
    expect(
      await paymentProviderFor('pay_in_store', production).authorize({ ...request, method: 'pay_in_store' }),
    ).toMatchObject({ status: 'pay_in_store', provider: 'in_store' });
    expect(
      await paymentProviderFor('card', production).authorize({ ...request, method: 'card', token: 'pm_card_visa' }),
    ).toMatchObject({ status: 'authorized', provider: 'stripe' });
  });
});
