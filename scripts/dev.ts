import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createAisleClient } from '../src/client';
import type { DatabaseSettings } from '../src/db/client';
import { watchApps, type AppsWatcher } from './lib/apps';
import { DEV_AUTH_SECRET, signDevToken } from './lib/dev-token';
import { demoLocations } from './lib/demo-data';
import { startLocalDatabase, type LocalDatabase } from './lib/local-database';
import { removeLocalPostgresData } from './lib/postgres';
import { seedDemoData } from './lib/seed';

const DEV_SIGNING_SECRET = 'aisle-dev-signing-secret';
const READY_TIMEOUT_MS = 60_000;
// wrangler dev does not fire cron triggers; the outbox dispatcher is run on the same schedule by hand.
const DISPATCH_EVERY_MS = 60_000;

// --data-dir keeps a second stack's Postgres and Durable Objects apart (the browser tests run one beside yours).
const { values } = parseArgs({
  options: { reset: { type: 'boolean', default: false }, 'data-dir': { type: 'string', default: '.data' } },
});
const DATA_DIR = values['data-dir'];
const POSTGRES_DIR = `${DATA_DIR}/postgres`;
const port = Number(process.env.PORT ?? 8787);
const baseUrl = `http://127.0.0.1:${port}`;

let database: LocalDatabase | undefined;
let wrangler: ChildProcess | undefined;
let apps: AppsWatcher | undefined;
let stopping = false;

async function stopEverything(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    // wrangler runs in its own process group so that workerd, its child, stops with it.
    if (wrangler?.pid) {
      try {
        process.kill(-wrangler.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await apps?.close();
    await database?.stop();
  }
  process.exit(code);
}
process.on('SIGINT', () => void stopEverything(0));
process.on('SIGTERM', () => void stopEverything(0));

function startWrangler(database: DatabaseSettings): ChildProcess {
  const envFile = `${DATA_DIR}/dev.env`;
  writeFileSync(
    envFile,
    [
      `DATABASE_URL=${database.url}`,
      `DB_WS_PROXY=${database.wsProxy ?? ''}`,
      `AUTH_SECRET=${process.env.AUTH_SECRET ?? DEV_AUTH_SECRET}`,
      `SIGNING_SECRET=${DEV_SIGNING_SECRET}`,
      // Every origin may call the dev Worker (a storefront or till on any local port).
      'CORS_ORIGINS=*',
    ].join('\n'),
  );
  const child = spawn(
    'npx',
    [
      'wrangler',
      'dev',
      '--port',
      String(port),
      '--ip',
      '127.0.0.1',
      '--persist-to',
      `${DATA_DIR}/wrangler`,
      '--env-file',
      envFile,
      '--show-interactive-dev-session=false',
      '--log-level',
      'warn',
      '--test-scheduled',
    ],
    {
      stdio: 'inherit',
      detached: true,
      // Miniflare fetches a sample `request.cf` from workers.cloudflare.com and, offline, prints the failure
      // with a stack trace before carrying on. Aisle never reads request.cf, so its placeholder is all we need.
      env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: process.env.CLOUDFLARE_CF_FETCH_ENABLED ?? 'false' },
    },
  );
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`wrangler dev exited (${code}); stopping.`);
      void stopEverything(code ?? 1);
    }
  });
  return child;
}

async function waitUntilServing(): Promise<void> {
  const aisle = createAisleClient({ baseUrl });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      if ((await aisle.GET('/healthz')).data?.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the API did not answer on ${baseUrl} within ${READY_TIMEOUT_MS / 1000} s`);
}

async function printBanner(): Promise<void> {
  const secret = process.env.AUTH_SECRET ?? DEV_AUTH_SECRET;
  const [customer, pos, ops] = await Promise.all([
    signDevToken({ role: 'customer', sub: 'cus_demo' }, secret),
    signDevToken({ role: 'pos', sub: 'pos_loop_1', loc: demoLocations[1]?.id }, secret),
    signDevToken({ role: 'ops', sub: 'ops_demo' }, secret),
  ]);
  console.log(`
  Aisle is running
    Shop   ${baseUrl}/shop   (Till ${baseUrl}/till, Ops ${baseUrl}/ops; rebuilt on change)
    API    ${baseUrl}
    Docs   ${baseUrl}/docs
  Dev tokens (8 h; more with: npm run token -- --role customer --sub cus_1)
    customer  ${customer}
    pos       ${pos}
    ops       ${ops}
  Ctrl-C stops everything.
`);
}

try {
  if (values.reset) {
    removeLocalPostgresData(POSTGRES_DIR);
    rmSync(DATA_DIR, { recursive: true, force: true });
  }
  mkdirSync(DATA_DIR, { recursive: true });
  // Postgres (or DATABASE_URL's), the relay the Worker reaches it through, and the migrations.
  database = await startLocalDatabase({
    dataDir: POSTGRES_DIR,
    persistent: true,
    externalUrl: process.env.DATABASE_URL,
  });
  // The apps are built before wrangler starts (it serves their folder) and rebuilt on every change.
  apps = await watchApps();
  wrangler = startWrangler(database.settings);
  await waitUntilServing();
  await seedDemoData(
    baseUrl,
    await signDevToken({ role: 'ops', sub: 'seed' }, process.env.AUTH_SECRET ?? DEV_AUTH_SECRET),
  );
  await printBanner();
  setInterval(
    () => void fetch(`${baseUrl}/cdn-cgi/handler/scheduled`).catch(() => undefined),
    DISPATCH_EVERY_MS,
  ).unref();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await stopEverything(1);
}
