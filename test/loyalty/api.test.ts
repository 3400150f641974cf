import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { signGuestToken } from '../../src/auth/tokens';
import { walletEntries, wallets } from '../../src/db/schema';
import { api, expectIdempotent, uniqueId, type ApiResponse } from '../helpers/api';
import { withDatabase } from '../helpers/postgres';
import { customerToken, opsToken, posAt } from '../helpers/tokens';

const ops = () => opsToken();
const putProgram = async (body: unknown) => api('/v1/admin/loyalty', { method: 'PUT', token: await ops(), body });
const adjust = async (body: Record<string, unknown>) =>
  api('/v1/admin/loyalty/adjustments', { method: 'POST', token: await ops(), body });
const walletOf = async (customerId: string, query = '') =>
  api(`/v1/loyalty${query}`, { token: await customerToken(customerId) });

function program(tierIds: [string, string] = [uniqueId('silver'), uniqueId('gold')]) {
  return {
    earn: { points: 1, perAmount: 100 },
    pointValue: 5,
    tiers: [
      { id: tierIds[0], name: 'Silver', minLifetimePoints: 100, earnMultiplierBp: 12_500 },
      { id: tierIds[1], name: 'Gold', minLifetimePoints: 1000, earnMultiplierBp: 15_000 },
    ],
  };
}

const errorPaths = (res: ApiResponse) => (res.body.errors as { path: string }[]).map((error) => error.path);

/**
 * The program is one row every test file shares, and other files set it too:
 * a read right after our write may see theirs, so the write is repeated until
 * the read answers ours (a handful of tries at most).
 */
async function readingOwnProgram<T>(body: unknown, read: () => Promise<T>, isOurs: (value: T) => boolean) {
  let value = await read();
  for (let attempt = 0; attempt < 5; attempt += 1) {
    expect((await putProgram(body)).status).toBe(200);
    value = await read();
    if (isOurs(value)) break;
  }
  return value;
}

describe('the loyalty program', () => {
  it('refuses a program out of bounds, naming each field', async () => {
    const tiers = program().tiers;
    const cases: [unknown, string][] = [
      [{ ...program(), earn: { points: 1001, perAmount: 100 } }, 'json.earn.points'],
      [{ ...program(), earn: { points: 1, perAmount: 0 } }, 'json.earn.perAmount'],
      [{ ...program(), pointValue: 1_000_001 }, 'json.pointValue'],
      [{ ...program(), pointValue: 1.5 }, 'json.pointValue'],
      [{ ...program(), tiers: [{ ...tiers[0], earnMultiplierBp: 100_001 }] }, 'json.tiers.0.earnMultiplierBp'],
      [{ ...program(), tiers: [{ ...tiers[0], id: 'not an id' }] }, 'json.tiers.0.id'],
      [{ ...program(), tiers: [tiers[0], { ...tiers[1], id: tiers[0]?.id }] }, 'json.tiers.1'],
      [{ ...program(), tiers: [tiers[0], { ...tiers[1], minLifetimePoints: 100 }] }, 'json.tiers.1'],
      [
        {
          ...program(),
          tiers: Array.from({ length: 21 }, (_, i) => ({ ...tiers[0], id: `t${i}`, minLifetimePoints: i })),
        },
        'json.tiers',
      ],
    ];
    for (const [body, path] of cases) {
      const res = await putProgram(body);
      expect(res.status, path).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      expect(errorPaths(res)).toContain(path);
    }
  });

  it('answers the program it stored, and reads it back', async () => {
    const body = program();
    const put = await putProgram(body);
    expect(put).toMatchObject({ status: 200, body });
    const read = await readingOwnProgram(
      body,
      async () => api('/v1/admin/loyalty', { token: await ops() }),
      (res) => res.body.tiers?.[0]?.id === body.tiers[0]?.id,
    );
    expect(read).toMatchObject({ status: 200, body });
  });

  it('shows the tier the customer’s lifetime points reach under the program', async () => {
    const body = program();
    const customer = uniqueId('cus');
    await withDatabase((db) => db.insert(wallets).values({ customerId: customer, points: 0, lifetimePoints: 150 }));
    const tierIds = body.tiers.map((tier) => tier.id);
    const seen = await readingOwnProgram(
      body,
      () => walletOf(customer),
      (res) => tierIds.includes(res.body.tier?.id),
    );
    expect(seen.body).toMatchObject({ lifetimePoints: 150, tier: { id: tierIds[0], name: 'Silver' } });
  });
});

describe('GET /v1/loyalty', () => {
  it('shows zeros to a customer who never earned', async () => {
    const res = await walletOf(uniqueId('cus'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ balance: 0, lifetimePoints: 0, storeCredit: 0, entries: [], nextCursor: null });
  });

  it('refuses a cursor it did not issue', async () => {
    const res = await walletOf(uniqueId('cus'), `?cursor=${btoa(JSON.stringify(['yesterday', 'x']))}`);
    expect(res).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
  });
});

describe('loyalty adjustments', () => {
  it('moves points and store credit, shown newest first and page by page', async () => {
    const customerId = uniqueId('cus');
    const made: ApiResponse[] = [];
    for (const change of [{ points: 100 }, { storeCredit: 500 }, { points: -30, storeCredit: -200 }]) {
      made.push(await adjust({ adjustmentId: uniqueId('adj'), customerId, reason: 'goodwill', ...change }));
    }
    expect(made.map((res) => res.status)).toEqual([201, 201, 201]);
    expect(made[0]?.body.entries).toMatchObject([{ kind: 'adjust', points: 100 }]);
    expect(made[1]?.body.entries).toMatchObject([{ kind: 'credit', amount: 500 }]);
    expect(made[2]?.body.entries).toMatchObject([
      { kind: 'adjust', points: -30 },
      { kind: 'debit', amount: -200 },
    ]);

    const all = await walletOf(customerId);
    expect(all.body).toMatchObject({ balance: 70, lifetimePoints: 0, storeCredit: 300, nextCursor: null });
    const entries = all.body.entries as { id: string; createdAt: string }[];
    expect(entries).toHaveLength(4);
    expect(entries.map((entry) => entry.createdAt)).toEqual(
      entries
        .map((entry) => entry.createdAt)
        .sort()
        .reverse(),
    );
    expect(entries.slice(2)).toEqual([made[1]?.body.entries[0], made[0]?.body.entries[0]]);

    const paged: unknown[] = [];
    let cursor: string | null = null;
    do {
      const page: ApiResponse = await walletOf(customerId, `?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      paged.push(...page.body.entries);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(entries);
    expect((await walletOf(customerId, '?limit=3')).body.nextCursor).toEqual(expect.any(String));
  });

  it('moves the balance once for 20 concurrent repeats of one adjustment', async () => {
    const customerId = uniqueId('cus');
    const body = { adjustmentId: uniqueId('adj'), customerId, points: 40, storeCredit: 250, reason: 'late parcel' };
    const answers = await Promise.all(Array.from({ length: 20 }, () => adjust(body)));
    expect(answers.map((res) => res.status)).toEqual(Array(20).fill(201));
    expect(answers.filter((res) => res.headers.get('idempotent-replayed') !== 'true')).toHaveLength(1);
    for (const res of answers) expect(res.body).toEqual(answers[0]?.body);
    const wallet = await walletOf(customerId);
    expect(wallet.body).toMatchObject({ balance: 40, storeCredit: 250 });
    const rows = await withDatabase((db) =>
      db.select().from(walletEntries).where(eq(walletEntries.customerId, customerId)),
    );
    expect(rows).toHaveLength(2);
  });

  it('refuses a debit beyond the balance and moves nothing', async () => {
    const customerId = uniqueId('cus');
    await adjust({ adjustmentId: uniqueId('adj'), customerId, points: 10, storeCredit: 10, reason: 'start' });
    const tooMany = await adjust({ adjustmentId: uniqueId('adj'), customerId, points: -11, reason: 'x' });
    expect(tooMany).toMatchObject({ status: 409, body: { code: 'insufficient_points', balance: 10 } });
    const tooMuch = await adjust({
      adjustmentId: uniqueId('adj'),
      customerId,
      points: -5,
      storeCredit: -11,
      reason: 'x',
    });
    expect(tooMuch).toMatchObject({ status: 409, body: { code: 'insufficient_store_credit', balance: 10 } });
    const noWallet = await adjust({
      adjustmentId: uniqueId('adj'),
      customerId: uniqueId('cus'),
      points: -1,
      reason: 'x',
    });
    expect(noWallet).toMatchObject({ status: 409, body: { code: 'insufficient_points', balance: 0 } });

    const wallet = await walletOf(customerId);
    expect(wallet.body).toMatchObject({ balance: 10, storeCredit: 10 });
    expect(wallet.body.entries).toHaveLength(2);
  });

  it('answers a repeat with the first entries and refuses another body under the same id', async () => {
    const customerId = uniqueId('cus');
    const body = { adjustmentId: uniqueId('adj'), customerId, points: 5, reason: 'birthday' };
    const first = await adjust(body);
    const repeat = await adjust(body);
    expectIdempotent(first, repeat, await adjust({ ...body, points: 6 }));
    for (const changed of [{ storeCredit: 1 }, { reason: 'other' }, { customerId: uniqueId('cus') }]) {
      expect((await adjust({ ...body, ...changed })).body.code).toBe('idempotency_key_reused');
    }
    expect((await walletOf(customerId)).body).toMatchObject({ balance: 5, storeCredit: 0 });
  });

  it('refuses an adjustment that moves nothing or too much, naming the field', async () => {
    const base = { adjustmentId: uniqueId('adj'), customerId: uniqueId('cus'), reason: 'x' };
    const cases: [Record<string, unknown>, string][] = [
      [base, 'json.points'],
      [{ ...base, points: 0 }, 'json.points'],
      [{ ...base, storeCredit: 1_000_000_001 }, 'json.storeCredit'],
      [{ ...base, points: 1.5 }, 'json.points'],
      [{ ...base, points: 1, reason: '' }, 'json.reason'],
      [{ ...base, points: 1, adjustmentId: 'a b' }, 'json.adjustmentId'],
    ];
    for (const [body, path] of cases) {
      const res = await adjust(body);
      expect(res.status, path).toBe(400);
      expect(errorPaths(res)).toContain(path);
    }
  });
});

describe('who may use the wallet routes', () => {
  const admin = [
    { method: 'PUT', path: '/v1/admin/loyalty', body: program() },
    { method: 'GET', path: '/v1/admin/loyalty' },
    {
      method: 'POST',
      path: '/v1/admin/loyalty/adjustments',
      body: { adjustmentId: 'a', customerId: 'c', points: 1, reason: 'x' },
    },
  ];

  it('keeps customers, tills and guests off the admin routes', async () => {
    const notOps = [
      await customerToken(uniqueId('cus')),
      await posAt(uniqueId('store')),
      await signGuestToken(uniqueId('guest'), env.SIGNING_SECRET),
    ];
    for (const token of notOps) {
      for (const route of admin) {
        const res = await api(route.path, { ...route, token });
        expect(res.status, `${route.method} ${route.path}`).toBe(403);
        expect(res.body.code).toBe('forbidden');
      }
    }
  });

  it('shows the wallet to its customer only', async () => {
    const others = [
      await ops(),
      await posAt(uniqueId('store')),
      await signGuestToken(uniqueId('guest'), env.SIGNING_SECRET),
    ];
    for (const token of others) expect((await api('/v1/loyalty', { token })).status).toBe(403);
    expect((await api('/v1/loyalty')).status).toBe(401);
    for (const route of admin) expect((await api(route.path, route)).status).toBe(401);
  });
});
