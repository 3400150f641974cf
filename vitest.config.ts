import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

const TEST_AUTH_SECRET = 'aisle-test-auth-secret';
const TEST_SIGNING_SECRET = 'aisle-test-signing-secret';

/** The Worker under test, with the bindings pointing at this project's Postgres. */
const workerUnderTest = () =>
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
      },
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
          exclude: ['test/outage/**', 'test/node/**'],
        },
      },
      {
        // Tests here stop and restart their project's Postgres; they run one file at a time.
        plugins: [workerUnderTest()],
        test: { ...shared, name: 'outage', include: ['test/outage/**/*.test.ts'], fileParallelism: false },
      },
      {
        // Tests of what runs in Node (the scripts); no Worker, no Postgres.
        test: { name: 'node', include: ['test/node/**/*.test.ts'], environment: 'node' },
      },
    ],
  },
});
