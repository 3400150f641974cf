import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEV_AUTH_SECRET, signDevToken } from './lib/dev-token';
import { demoLocations } from './lib/demo-data';
import { applyMigrations } from './lib/migrate';
import { startLocalPostgres, type LocalPostgres } from './lib/postgres';
import { freePort } from './lib/process';
import { seedDemoData } from './lib/seed';
import { startWsRelay, type WsRelay } from './lib/ws-relay';

const DATA_DIR = '.data';
const DEV_SIGNING_SECRET = 'aisle-dev-signing-secret';
const READY_TIMEOUT_MS = 60_000;
// wrangler dev does not fire cron triggers; the outbox dispatcher is run on the same schedule by hand.
const DISPATCH_EVERY_MS = 60_000;

const { values } = parseArgs({ options: { reset: { type: 'boolean', default: false } } });
const port = Number(process.env.PORT ?? 8787);
const baseUrl = `http://127.0.0.1:${port}`;

let postgres: LocalPostgres | undefined;
let relay: WsRelay | undefined;
let wrangler: ChildProcess | undefined;
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
    await relay?.close();
    await postgres?.stop();
  }
  process.exit(code);
}
process.on('SIGINT', () => void stopEverything(0));
process.on('SIGTERM', () => void stopEverything(0));

/** Starts (or reuses, with DATABASE_URL) Postgres and the relay the Worker reaches it through. */
async function startDatabase(): Promise<{ url: string; wsProxy?: string }> {
  const external = process.env.DATABASE_URL;
  if (external) {
    const target = new URL(external);
    // Neon answers WebSockets itself; any other Postgres is reached through the local relay.
    if (target.hostname.endsWith('.neon.tech')) return { url: external };
    relay = await startWsRelay({ port: await freePort(), allowedTarget: `${target.hostname}:${target.port || 5432}` });
    return { url: external, wsProxy: relay.address };
  }
  postgres = await startLocalPostgres({ dataDir: `${DATA_DIR}/postgres`, port: await freePort(), persistent: true });
  relay = await startWsRelay({ port: await freePort(), allowedTarget: `127.0.0.1:${postgres.port}` });
  return { url: postgres.url, wsProxy: relay.address };
}

function startWrangler(database: { url: string; wsProxy?: string }): ChildProcess {
  const envFile = `${DATA_DIR}/dev.env`;
  writeFileSync(
    envFile,
    [
      `DATABASE_URL=${database.url}`,
      `DB_WS_PROXY=${database.wsProxy ?? ''}`,
      `AUTH_SECRET=${process.env.AUTH_SECRET ?? DEV_AUTH_SECRET}`,
      `SIGNING_SECRET=${DEV_SIGNING_SECRET}`,
    ].join('\n'),
  );
  const child = spawn(
    'npx',
    ['wrangler', 'dev', '--port', String(port), '--ip', '127.0.0.1', '--persist-to', `${DATA_DIR}/wrangler`,
      '--env-file', envFile, '--show-interactive-dev-session=false', '--log-level', 'warn', '--test-scheduled'],
    { stdio: 'inherit', detached: true },
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
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) return;
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
    signDevToken({ role: 'pos', sub: 'pos_loop_1', loc: demoLocations[1].id }, secret),
    signDevToken({ role: 'ops', sub: 'ops_demo' }, secret),
  ]);
  console.log(`
  Aisle is running
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
  if (values.reset) rmSync(DATA_DIR, { recursive: true, force: true });
  mkdirSync(DATA_DIR, { recursive: true });
  const database = await startDatabase();
  await applyMigrations(database);
  wrangler = startWrangler(database);
  await waitUntilServing();
  await seedDemoData(baseUrl, await signDevToken({ role: 'ops', sub: 'seed' }, process.env.AUTH_SECRET ?? DEV_AUTH_SECRET));
  await printBanner();
  setInterval(() => void fetch(`${baseUrl}/cdn-cgi/handler/scheduled`).catch(() => undefined), DISPATCH_EVERY_MS).unref();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await stopEverything(1);
}
