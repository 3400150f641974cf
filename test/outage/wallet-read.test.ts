import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, uniqueId } from '../helpers/api';
import { seedWallet, setTestProgram } from '../helpers/loyalty';
import { startPostgres, stopPostgres } from '../helpers/postgres';
import { customerToken } from '../helpers/tokens';

describe('the wallet page while Postgres is down', () => {
  let token: string;

  beforeAll(async () => {
    await setTestProgram();
    const customerId = uniqueId('cus');
    await seedWallet(customerId, { points: 1200, lifetime: true, storeCredit: 450 });
    token = await customerToken(customerId);
    // The first read takes the copy from Postgres.
    expect((await api('/v1/loyalty', { token })).status).toBe(200);
    await stopPostgres();
  });

  afterAll(() => startPostgres());

  it('serves the first page from the ShopperDO’s copy, tier included', async () => {
    const res = await api('/v1/loyalty?limit=1', { token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      balance: 1200,
      lifetimePoints: 1200,
      tier: { id: 'silver' },
      storeCredit: 450,
      entries: [expect.objectContaining({ kind: 'adjust', points: 1200 })],
      nextCursor: null,
    });
  });
});
