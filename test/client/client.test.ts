import { exports } from 'cloudflare:workers';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { AisleProblem, createAisleClient, ok, type Schemas } from '../../src/client';
import { uniqueId } from '../helpers/api';
import { customerToken, opsToken } from '../helpers/tokens';

// The Worker under test stands in for the network.
const worker = (request: Request) => exports.default.fetch(request);
const BASE_URL = 'https://aisle.test/';

describe('the typed client', () => {
  it('writes as ops and reads back as a shopper, typed end to end', async () => {
    const ops = createAisleClient({ baseUrl: BASE_URL, token: await opsToken(), fetch: worker });
    const shopper = createAisleClient({ baseUrl: BASE_URL, channel: 'app', fetch: worker });
    const sku = uniqueId('CLIENT');

    const written = await ok(
      ops.PUT('/v1/admin/products', { body: { products: [{ sku, title: 'Typed Tee', attributes: { size: 'M' } }] } }),
    );
    expect(written).toEqual({ upserted: 1 });

    const { data, error, response } = await shopper.GET('/v1/products/{sku}', { params: { path: { sku } } });
    expectTypeOf(data).toEqualTypeOf<Schemas['Product'] | undefined>();
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expect(data).toEqual({ sku, title: 'Typed Tee', description: '', attributes: { size: 'M' }, active: true });
  });

  it('gives back the problem, with only the codes the operation declares', async () => {
    const shopper = createAisleClient({ baseUrl: BASE_URL, fetch: worker });
    const { data, error, response } = await shopper.GET('/v1/products/{sku}', {
      params: { path: { sku: uniqueId('MISSING') } },
    });
    expectTypeOf<NonNullable<typeof error>['code']>().toEqualTypeOf<
      'validation_failed' | 'unauthorized' | 'not_found' | 'rate_limited'
    >();
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('sends typed header parameters: a stale If-Match is refused', async () => {
    const ops = createAisleClient({ baseUrl: BASE_URL, token: await opsToken(), fetch: worker });
    const sku = uniqueId('CLIENT');
    await ok(ops.PUT('/v1/admin/products', { body: { products: [{ sku, title: 'Typed Mug' }] } }));
    const customer = createAisleClient({
      baseUrl: BASE_URL,
      token: await customerToken(uniqueId('cus')),
      fetch: worker,
    });

    const stale = await customer.POST('/v1/cart/items', {
      params: { header: { 'if-match': '"41"' } },
      body: { sku, quantity: 1 },
    });
    expect(stale.response.status).toBe(412);
    expect(stale.error?.code).toBe('version_mismatch');
    const added = await ok(customer.POST('/v1/cart/items', { body: { sku, quantity: 2 } }));
    expect(added.lines).toEqual([expect.objectContaining({ sku, quantity: 2 })]);
  });

  it('throws an AisleProblem from ok() when the call fails', async () => {
    const customer = createAisleClient({ baseUrl: BASE_URL, token: 'not-a-token', fetch: worker });
    const failing = ok(customer.GET('/v1/cart'));
    await expect(failing).rejects.toBeInstanceOf(AisleProblem);
    await expect(failing).rejects.toMatchObject({ status: 401, problem: { code: 'unauthorized' } });
  });

  it('refuses at compile time what the API would refuse at run time', () => {
    const ops = createAisleClient({ baseUrl: BASE_URL, fetch: worker });
    // Only type-checked, never sent: each line is an error `npm run typecheck` must report.
    const neverSent = () => [
      // @ts-expect-error: no such route
      ops.GET('/v1/no-such-route'),
      // @ts-expect-error: a product needs a title
      ops.PUT('/v1/admin/products', { body: { products: [{ sku: 'A' }] } }),
      // @ts-expect-error: not a location kind
      ops.PUT('/v1/admin/locations', { body: { locations: [{ ...aStore, kind: 'depot' }] } }),
    ];
    expect(typeof neverSent).toBe('function');
  });
});

const aStore: Schemas['Location'] = {
  id: 'store-1',
  name: 'Store',
  kind: 'store',
  lat: 0,
  lng: 0,
  pickup: true,
  curbside: false,
  shipFrom: false,
};
