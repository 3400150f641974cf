import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

export const TEST_AUTH_SECRET = 'aisle-test-auth-secret';
export const TEST_SIGNING_SECRET = 'aisle-test-signing-secret';

export default defineConfig({
  plugins: [
    cloudflareTest(({ inject }) => ({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: {
          DATABASE_URL: inject('databaseUrl'),
          DB_WS_PROXY: inject('dbWsProxy'),
          AUTH_SECRET: TEST_AUTH_SECRET,
          SIGNING_SECRET: TEST_SIGNING_SECRET,
        },
      },
    })),
  ],
  test: {
    globalSetup: ['./test/setup/global-setup.ts'],
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
