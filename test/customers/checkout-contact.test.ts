import { describe, expect, it } from 'vitest';
import { api, uniqueId } from '../helpers/api';
import { device } from '../helpers/carts';
import { checkoutWith, openShop, TEST_PAYMENT } from '../helpers/checkout';
import { customerGroupOf } from '../../src/db/customers';
import { withDatabase } from '../helpers/postgres';
import { customerToken, tokenFor } from '../helpers/tokens';

const uniqueEmail = () => `${uniqueId('buyer').toLowerCase()}@example.com`;

/** A customer with one unit of a SKU in their cart, shipped; checkout then places it with `contact`. */
async function shopperWithCart() {
  const { skus, storeId } = await openShop({ units: 5 });
  const id = uniqueId('cus');
  const token = await customerToken(id);
  const shopper = device(token);
  await shopper.add(skus[0]!, 1);
  await shopper.fulfil('pickup', storeId);
  const checkout = (contact: Record<string, string>) => checkoutWith(token, { payment: TEST_PAYMENT, contact });
  const profile = async () => (await api('/v1/me', { token })).body;
  const setProfile = (body: unknown) => api('/v1/me', { method: 'PUT', token, body });
  return { id, token, checkout, profile, setProfile };
}

describe('checkout’s contact and the profile', () => {
  it('fills an empty profile’s email and E.164 phone', async () => {
    const shopper = await shopperWithCart();
    const email = uniqueEmail();
    expect((await shopper.checkout({ email, phone: '+13125550111' })).status).toBe(201);
    expect(await shopper.profile()).toMatchObject({ email, phone: '+13125550111', name: null });
  });

  it('never overwrites what the shopper set', async () => {
    const shopper = await shopperWithCart();
    const own = uniqueEmail();
    await shopper.setProfile({ email: own, phone: '+13125550122' });
    expect((await shopper.checkout({ email: uniqueEmail(), phone: '+13125550133' })).status).toBe(201);
    expect(await shopper.profile()).toMatchObject({ email: own, phone: '+13125550122' });
  });

  it('records the token’s customer group even when the profile was created before the first order', async () => {
    const { skus, storeId } = await openShop({ units: 5 });
    const id = uniqueId('cus');
    await api('/v1/me', { token: await customerToken(id) });
    const token = await tokenFor({ role: 'customer', sub: id, grp: 'staff' });
    await device(token).add(skus[0]!, 1);
    await device(token).fulfil('pickup', storeId);
    expect((await checkoutWith(token, { payment: TEST_PAYMENT })).status).toBe(201);
    // A till sale for this customer is priced for the group Aisle last saw them in.
    expect(await withDatabase((db) => customerGroupOf(db, id))).toBe('staff');
  });

  it('leaves out a phone that is not E.164, which the till could not look up', async () => {
    const shopper = await shopperWithCart();
    expect((await shopper.checkout({ phone: '312 555 0144' })).status).toBe(201);
    expect((await shopper.profile()).phone).toBeNull();
  });

  it('places the order when the email is another customer’s, and leaves this profile’s email empty', async () => {
    const owner = uniqueId('cus');
    const email = uniqueEmail();
    await api('/v1/me', { method: 'PUT', token: await customerToken(owner), body: { email } });
    const shopper = await shopperWithCart();

    const placed = await shopper.checkout({ email: email.toUpperCase(), phone: '+13125550155' });

    expect(placed.status).toBe(201);
    expect(await shopper.profile()).toMatchObject({ email: null, phone: '+13125550155' });
    // The order keeps the contact it was placed with, and the owner's profile is untouched.
    expect((await api(`/v1/orders/${placed.body.id}`, { token: shopper.token })).status).toBe(200);
    expect((await api('/v1/me', { token: await customerToken(owner) })).body.email).toBe(email);
  });
});
