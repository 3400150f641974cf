import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Log, LogLevel, Miniflare, type SharedOptions, type WorkerOptions } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import type { DatabaseSettings } from '../../../src/db/client';
import { buildApps } from '../apps';
import { freePort } from '../process';

export interface BenchWorker {
  /** The Worker's own socket in workerd: no entry worker, no proxy, no request log. */
  url: string;
  /** Runs the Worker's cron handler once (the outbox dispatcher), as Cloudflare's trigger would. */
  scheduled(): Promise<void>;
  dispose(): Promise<void>;
}

export interface BenchWorkerOptions {
  database: DatabaseSettings;
  authSecret: string;
  signingSecret: string;
  /** Bundle, Durable Object SQLite files and KV live here. */
  stateDir: string;
  /** Opens workerd's V8 inspector here (CPU profiles); off by default, as it slows the isolate. */
  inspectorPort?: number;
  /** Listen here (default: a free port). */
  port?: number;
  /** `configured`: wrangler.toml's budgets; default `lifted` (see unlimited). */
  rateLimits?: 'lifted' | 'configured';
}

/**
 * Runs the production bundle in workerd the way Cloudflare does, minus the
 * network: `wrangler deploy --dry-run` builds exactly what would be uploaded,
 * and Miniflare starts workerd with it, listening on a socket bound straight
 * to the Worker (`unsafeDirectSockets`). Nothing of `wrangler dev` is in the
 * path: no proxy worker, no Miniflare entry worker, no per-request logging.
 */
export async function startBenchWorker(options: BenchWorkerOptions): Promise<BenchWorker> {
  const bundleDir = join(options.stateDir, 'bundle');
  // wrangler reads the `[assets]` folder (the browser apps) whenever it reads wrangler.toml.
  await buildApps();
  await buildBundle(bundleDir);
  // Compatibility date and flags, the KV namespace, the SQLite-backed DO classes
  // and the plain vars come from wrangler.toml, so the bench cannot drift from it.
  // The static assets are left out: the bench times the API's own paths, none of which is one of their files.
  const { assets: _, ...workerOptions } = unstable_getMiniflareWorkerOptions('wrangler.toml').workerOptions;
  return startDirectWorker(
    {
      ...workerOptions,
      name: 'aisle',
      modules: true,
      scriptPath: join(bundleDir, 'index.js'),
      modulesRoot: bundleDir,
      modulesRules: [],
      ratelimits: options.rateLimits === 'configured' ? workerOptions.ratelimits : unlimited(workerOptions.ratelimits),
      bindings: {
        ...workerOptions.bindings,
        DATABASE_URL: options.database.url,
        DB_WS_PROXY: options.database.wsProxy ?? '',
        AUTH_SECRET: options.authSecret,
        SIGNING_SECRET: options.signingSecret,
        ALLOW_TEST_PAYMENTS: 'enabled',
        FAULT_INJECTION: 'disabled',
      },
      ...(options.inspectorPort === undefined ? {} : { inspectorPort: options.inspectorPort }),
      defaultPersistRoot: join(options.stateDir, 'worker'),
    },
    options.port,
  );
}

/**
 * The rate-limit bindings of wrangler.toml with their budgets lifted. They
 * exist to cut off one caller sending too much, which is exactly what a
 * benchmark of one client is; the middleware still runs and consults them.
 */
function unlimited(ratelimits: Record<string, { simple: { limit: number } }> | undefined) {
  if (!ratelimits) return ratelimits;
  return Object.fromEntries(
    Object.entries(ratelimits).map(([name, limit]) => [name, { simple: { ...limit.simple, limit: 1_000_000_000 } }]),
  );
}

/**
 * workerd serving one Worker on a socket of its own (`unsafeDirectSockets`),
 * not behind Miniflare's entry worker, without request logging and with the
 * placeholder `request.cf` (Miniflare would otherwise fetch a real one from
 * Cloudflare); only what the Worker logs with console.error is shown.
 */
export async function startDirectWorker(options: WorkerOptions & SharedOptions, port?: number): Promise<BenchWorker> {
  port ??= await freePort();
  const miniflare = new Miniflare({
    ...options,
    unsafeDirectSockets: [{ host: '127.0.0.1', port }],
    logRequests: false,
    cf: false,
    log: new Log(LogLevel.ERROR),
  });
  try {
    await miniflare.ready;
    const url = await miniflare.unsafeGetDirectURL();
    return {
      url: url.origin,
      scheduled: async () => {
        await (await miniflare.getWorker()).scheduled({ cron: '* * * * *' });
      },
      dispose: () => miniflare.dispose(),
    };
  } catch (error) {
    await miniflare.dispose();
    throw error;
  }
}

const wranglerCli = join(
  dirname(createRequire(import.meta.url).resolve('wrangler/package.json')),
  'bin',
  'wrangler.js',
);

/** Exactly what `npm run deploy:check` builds: the bundle `wrangler deploy` would upload. */
function buildBundle(outdir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const build = spawn(
      process.execPath,
      [wranglerCli, 'deploy', '--dry-run', '--outdir', outdir, '--env', 'production'],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, WRANGLER_LOG: 'error' },
      },
    );
    build.on('error', reject);
    build.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`wrangler deploy --dry-run exited with ${code}`)),
    );
  });
}
