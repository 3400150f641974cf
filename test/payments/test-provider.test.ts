import { describe, expect, it } from 'vitest';
import { TestPaymentProvider } from '../../src/payments/test-provider';

const request = { method: 'test' as const, amount: 1250, currency: 'EUR', reference: 'checkout:abc' };

describe('test payment provider', () => {
  it('declines the token "decline"', async () => {
    expect(await new TestPaymentProvider().authorize({ ...request, token: 'decline' })).toEqual({
      status: 'declined',
      provider: 'test',
      reason: 'test_decline',
    });
  });

  it('authorizes any other token, or none, for the requested amount', async () => {
    const provider = new TestPaymentProvider();
    for (const token of ['tok_anything', undefined]) {
      expect(await provider.authorize({ ...request, token })).toMatchObject({
        status: 'authorized',
        provider: 'test',
        amount: 1250,
      });
    }
  });

  it('derives the provider reference from our reference, so a retry sees the same authorization', async () => {
    const provider = new TestPaymentProvider();
    const first = await provider.authorize(request);
    const retry = await provider.authorize(request);
    const other = await provider.authorize({ ...request, reference: 'checkout:def' });

    expect(retry).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('refunds without moving money, under a provider reference derived from our refund id', async () => {
    const provider = new TestPaymentProvider();
    const refund = { providerReference: 'test_checkout:abc', amount: 500, currency: 'EUR', reference: 'return:1' };

    expect(await provider.refund(refund)).toEqual({
      provider: 'test',
      providerReference: 'test_refund_return:1',
      amount: 500,
    });
    expect(await provider.refund(refund)).toEqual(await provider.refund(refund));
  });
});
