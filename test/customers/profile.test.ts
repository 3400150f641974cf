import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { signGuestToken } from '../../src/auth/tokens';
import { api, uniqueId } from '../helpers/api';
import { customerToken, opsToken, posAt } from '../helpers/tokens';

const me = (token: string, channel = 'web') => ({
  show: () => api('/v1/me', { token, headers: { 'x-channel': channel } }),
  change: (body: unknown) => api('/v1/me', { method: 'PUT', token, body, headers: { 'x-channel': channel } }),
});
const newCustomer = async () => {
  const id = uniqueId('cus');
  return { id, ...me(await customerToken(id)), token: await customerToken(id) };
};
const uniqueEmail = () => `${uniqueId('shopper').toLowerCase()}@example.com`;
const NOT_GIVEN = { granted: false, updatedAt: null, channel: null };

describe('the shopper’s profile', () => {
  it('is empty for a customer never seen, and keeps the date it was first seen', async () => {
    const shopper = await newCustomer();
    const first = await shopper.show();
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      id: shopper.id,
      name: null,
      email: null,
      phone: null,
      marketingConsent: { email: NOT_GIVEN, sms: NOT_GIVEN, push: NOT_GIVEN },
      createdAt: expect.any(String),
    });
    expect((await shopper.show()).body.createdAt).toBe(first.body.createdAt);
  });

  it('changes only the fields sent, and clears one sent as null', async () => {
    const shopper = await newCustomer();
    const email = uniqueEmail();
    await shopper.change({ name: 'Ana Diaz', email, phone: '+13125550100' });
    const changed = await shopper.change({ phone: null });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Ana Diaz', email, phone: null });
    expect((await shopper.show()).body).toEqual(changed.body);
  });

  it('stamps a consent with when and on which channel it changed, and only when it changes', async () => {
    const id = uniqueId('cus');
    const token = await customerToken(id);
    const before = new Date().toISOString();
    const inApp = await me(token, 'app').change({ marketingConsent: { email: true, sms: false } });
    expect(inApp.status).toBe(200);
    const emailConsent = inApp.body.marketingConsent.email;
    expect(emailConsent).toEqual({ granted: true, updatedAt: expect.any(String), channel: 'app' });
    expect(emailConsent.updatedAt >= before).toBe(true);
    // sms was already not given: sending false again is no change, so no date.
    expect(inApp.body.marketingConsent.sms).toEqual(NOT_GIVEN);

    const onWeb = await me(token, 'web').change({ marketingConsent: { email: true, push: true } });
    expect(onWeb.body.marketingConsent.email).toEqual(emailConsent);
    expect(onWeb.body.marketingConsent.push).toEqual({ granted: true, updatedAt: expect.any(String), channel: 'web' });

    const withdrawn = await me(token, 'kiosk').change({ marketingConsent: { email: false } });
    expect(withdrawn.body.marketingConsent.email).toMatchObject({ granted: false, channel: 'kiosk' });
    expect(withdrawn.body.marketingConsent.push).toEqual(onWeb.body.marketingConsent.push);
  });

  it('keeps both answers of two devices changing different consents at once', async () => {
    const id = uniqueId('cus');
    const token = await customerToken(id);
    const answers = await Promise.all([
      me(token, 'app').change({ marketingConsent: { email: true } }),
      me(token, 'web').change({ marketingConsent: { sms: true } }),
      me(token, 'kiosk').change({ marketingConsent: { push: true } }),
      me(token, 'web').change({ name: 'Ana' }),
    ]);
    expect(answers.map((res) => res.status)).toEqual([200, 200, 200, 200]);
    const { body } = await me(token).show();
    expect(body.name).toBe('Ana');
    expect(body.marketingConsent).toEqual({
      email: { granted: true, updatedAt: expect.any(String), channel: 'app' },
      sms: { granted: true, updatedAt: expect.any(String), channel: 'web' },
      push: { granted: true, updatedAt: expect.any(String), channel: 'kiosk' },
    });
  });

  // Schema validation is 400 `validation_failed` across the API (API.md), each error naming its field.
  it('refuses each bad field with a validation error naming it, and changes nothing', async () => {
    const shopper = await newCustomer();
    const bad: [Record<string, unknown>, string][] = [
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(201) }, 'name'],
      [{ email: 'not-an-email' }, 'email'],
      [{ phone: '3125550100' }, 'phone'],
      [{ phone: '+0123' }, 'phone'],
      [{ phone: '+1234567890123456' }, 'phone'],
      [{ marketingConsent: { email: 'yes' } }, 'marketingConsent.email'],
      [{ marketingConsent: { fax: true } }, 'marketingConsent'],
      [{ nickname: 'Ana' }, 'json'],
    ];
    for (const [body, field] of bad) {
      const res = await shopper.change({ name: 'Kept?', ...body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors.map((error: { path: string }) => error.path)).toContain(
        field === 'json' ? field : `json.${field}`,
      );
    }
    expect((await shopper.show()).body).toMatchObject({ name: null, email: null, phone: null });
  });
});

describe('a profile email', () => {
  it('belongs to one customer, whatever its case', async () => {
    const [ana, ben] = [await newCustomer(), await newCustomer()];
    const email = uniqueEmail();
    expect((await ana.change({ email })).status).toBe(200);
    const taken = await ben.change({ email: email.toUpperCase(), name: 'Ben' });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('email_in_use');
    // Nothing of the refused change was kept.
    expect((await ben.show()).body).toMatchObject({ email: null, name: null });
    // The owner may send their own email again in another case.
    expect((await ana.change({ email: email.toUpperCase() })).status).toBe(200);
  });

  it('goes to exactly one of two customers claiming it at once', async () => {
    const shoppers = await Promise.all(Array.from({ length: 4 }, newCustomer));
    const email = uniqueEmail();
    const answers = await Promise.all(shoppers.map((shopper) => shopper.change({ email })));
    expect(answers.map((res) => res.status).sort()).toEqual([200, 409, 409, 409]);
    const winner = shoppers[answers.findIndex((res) => res.status === 200)];
    for (const shopper of shoppers) {
      expect((await shopper.show()).body.email).toBe(shopper === winner ? email : null);
    }
  });
});

describe('who may reach a profile', () => {
  it('is the customer only: tills, ops and guests are refused, no token is 401', async () => {
    const others = [
      await opsToken(),
      await posAt(uniqueId('store')),
      await signGuestToken(uniqueId('guest'), env.SIGNING_SECRET),
    ];
    for (const token of others) {
      expect((await me(token).show()).status).toBe(403);
      expect((await me(token).change({ name: 'X' })).status).toBe(403);
    }
    expect((await api('/v1/me')).status).toBe(401);
    expect((await api('/v1/me', { method: 'PUT', body: { name: 'X' } })).status).toBe(401);
  });
});
