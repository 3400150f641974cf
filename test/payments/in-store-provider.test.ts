import { describe, expect, it } from 'vitest';
import { InStorePaymentProvider } from '../../src/payments/in-store-provider';

const request = { method: 'pay_in_store' as const, amount: 4000, currency: 'EUR', reference: 'checkout:store-1' };

describe('pay in store provider', () => {
  it('accepts the order for payment at the counter without authorizing anything online', async () => {
    const authorization = await new InStorePaymentProvider().authorize(request);

    expect(authorization).toMatchObject({ status: 'pay_in_store', provider: 'in_store', amount: 4000 });
  });

  it('gives the same reference to a retried checkout and different ones to different checkouts', async () => {
    const provider = new InStorePaymentProvider();
    const first = await provider.authorize(request);

    expect(await provider.authorize(request)).toEqual(first);
    expect(await provider.authorize({ ...request, reference: 'checkout:store-2' })).not.toEqual(first);
  });

  it('hands a refund back at the till, moving nothing online', async () => {
    const refund = {
      providerReference: 'in_store_checkout:store-1',
      amount: 1500,
      currency: 'EUR',
      reference: 'return:7',
    };

    expect(await new InStorePaymentProvider().refund(refund)).toEqual({
      provider: 'in_store',
      providerReference: 'in_store_refund_return:7',
      amount: 1500,
    });
  });
});
