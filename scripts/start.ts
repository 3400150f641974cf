// `npm run start`: the production bundle on workerd, as `npm run bench` runs it (no dev proxy, no request
// log, no file watching), with the local Postgres of `npm run dev`, for load tests with your own tools.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEV_AUTH_SECRET, signDevToken } from './lib/dev-token';
import { startBenchWorker, type BenchWorker } from './lib/bench/worker';
import { LOAD_TEST_POSTGRES_FLAGS, startLocalDatabase, type LocalDatabase } from './lib/local-database';
import { removeLocalPostgresData } from './lib/postgres';
import { onStopSignal } from './lib/process';
import { seedDemoData } from './lib/seed';

const SIGNING_SECRET = 'aisle-start-signing-secret';
// Cloudflare runs the outbox dispatcher every minute (wrangler.toml's cron); so does this server.
const DISPATCH_EVERY_MS = 60_000;

const { values } = parseArgs({
  options: {
    reset: { type: 'boolean', default: false },
    'data-dir': { type: 'string', default: '.data/start' },
    'keep-rate-limits': { type: 'boolean', default: false },
  },
});
const dataDir = values['data-dir'];
const port = Number(process.env.PORT ?? 8788);
const authSecret = process.env.AUTH_SECRET ?? DEV_AUTH_SECRET;

let database: LocalDatabase | undefined;
let worker: BenchWorker | undefined;

let stopping = false;
async function stop(code: number): Promise<never> {
  // A second Ctrl-C exits at once.
  if (stopping) process.exit(code);
  stopping = true;
  await worker?.dispose();
  await database?.stop();
  process.exit(code);
}

try {
  if (values.reset) {
    removeLocalPostgresData(join(dataDir, 'postgres'));
    rmSync(dataDir, { recursive: true, force: true });
  }
  mkdirSync(dataDir, { recursive: true });
  database = await startLocalDatabase({
    dataDir: join(dataDir, 'postgres'),
    persistent: true,
    externalUrl: process.env.DATABASE_URL,
    postgresFlags: LOAD_TEST_POSTGRES_FLAGS,
    poolerDir: join(dataDir, 'pgbouncer'),
  });
  worker = await startBenchWorker({
    database: database.settings,
    authSecret,
    signingSecret: SIGNING_SECRET,
    stateDir: dataDir,
    port,
    rateLimits: values['keep-rate-limits'] ? 'configured' : 'lifted',
  });
  onStopSignal(() => void stop(0));
  const seeded = await seedDemoData(worker.url, await signDevToken({ role: 'ops', sub: 'seed' }, authSecret));
  const running = worker;
  setInterval(
    () => void running.scheduled().catch((error) => console.error('outbox dispatch failed', error)),
    DISPATCH_EVERY_MS,
  ).unref();
  console.log(`
  Aisle (production bundle on workerd) is listening on ${worker.url}
    demo store: ${seeded.products} products at ${seeded.locations} locations
    rate limits: ${values['keep-rate-limits'] ? "wrangler.toml's budgets" : 'lifted (--keep-rate-limits keeps them)'}
    tokens: npm run token -- --role customer --sub cus_1   (AUTH_SECRET ${process.env.AUTH_SECRET ? 'from the environment' : 'is the dev secret'})
  Ctrl-C stops it; its data stays in ${dataDir} (--reset starts afresh).
`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await stop(1);
}
