import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

const TEST_AUTH_SECRET = 'aisle-test-auth-secret';
const TEST_SIGNING_SECRET = 'aisle-test-signing-secret';

const RATE_LIMIT_BINDINGS = [
  'RL_READS',
  'RL_WRITES',
  'RL_GUEST_CARTS',
  'RL_QUOTES',
  'RL_CHECKOUT',
  'RL_RESERVATIONS',
  'RL_PICKUP_CODES',
  'RL_OPS',
  'RL_POS',
] as const;
type RateLimits = Record<
  (typeof RATE_LIMIT_BINDINGS)[number],
  { namespace_id: string; simple: { limit: number; period: 60 } }
>;
const rateLimits = (limit: number) =>
  Object.fromEntries(
    RATE_LIMIT_BINDINGS.map((name) => [name, { namespace_id: name, simple: { limit, period: 60 } }]),
  ) as RateLimits;
/**
 * Most test files share a few subjects and one client IP, so their budgets are
 * sized out of the way; test/http/rate-limits.test.ts runs against budgets of
 * 5 (see the `limits` project).
 */
const ROOMY_RATE_LIMITS = rateLimits(1_000_000);
const TIGHT_RATE_LIMITS = rateLimits(5);
const TEST_CORS_ORIGINS = 'https://shop.aisle.test,https://till.aisle.test';

/** The Worker under test, with the bindings pointing at this project's Postgres. */
const workerUnderTest = (ratelimits: RateLimits = ROOMY_RATE_LIMITS) =>
  cloudflareTest(({ inject }) => ({
    wrangler: { configPath: './wrangler.toml' },
    miniflare: {
      bindings: {
        DATABASE_URL: inject('databaseUrl'),
        DB_WS_PROXY: inject('dbWsProxy'),
        PAYMENT_GATEWAY_URL: inject('cardGatewayUrl'),
        PAYMENT_GATEWAY_SECRET: inject('cardGatewaySecret'),
        AUTH_SECRET: TEST_AUTH_SECRET,
        SIGNING_SECRET: TEST_SIGNING_SECRET,
        FAULT_INJECTION: 'enabled',
        CORS_ORIGINS: TEST_CORS_ORIGINS,
      },
      ratelimits,
    },
  }));

const shared = {
  globalSetup: ['./test/setup/global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [workerUnderTest()],
        test: {
          ...shared,
          name: 'workers',
          include: ['test/**/*.test.ts'],
          exclude: [
            'test/outage/**',
            'test/node/**',
            'test/http/rate-limits.test.ts',
            'test/contract/fuzz.test.ts',
            'test/client/seed.test.ts',
          ],
        },
      },
      {
        // Fuzzing writes whatever a schema admits (live promotions among it) to its own Postgres,
        // so no other test prices against what it made.
        plugins: [workerUnderTest()],
        test: { ...shared, name: 'fuzz', include: ['test/contract/fuzz.test.ts'] },
      },
      {
        // The demo seed sets the loyalty program, one row every test file shares (they all set
        // test/helpers/loyalty.ts's): on its own Postgres no other test earns under the demo's.
        plugins: [workerUnderTest()],
        test: { ...shared, name: 'seed', include: ['test/client/seed.test.ts'] },
      },
      {
        // The same Worker with budgets small enough for a test to run through them.
        plugins: [workerUnderTest(TIGHT_RATE_LIMITS)],
        test: { ...shared, name: 'limits', include: ['test/http/rate-limits.test.ts'] },
      },
      {
        // Tests here stop and restart their project's Postgres; they run one file at a time.
        plugins: [workerUnderTest()],
        test: { ...shared, name: 'outage', include: ['test/outage/**/*.test.ts'], fileParallelism: false },
      },
      {
        // Tests of what runs in Node (the scripts); no Worker. The load stack's test starts its own Postgres and PgBouncer.
        test: { name: 'node', include: ['test/node/**/*.test.ts'], environment: 'node' },
      },
    ],
  },
});
