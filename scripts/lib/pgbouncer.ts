import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalPostgresError, POSTGRES_OS_USER } from './postgres-runtime';
import { acceptsConnections, isRunningAsRoot } from './process';

export interface PgBouncer {
  /** The pooled connection string: `server`'s, at PgBouncer's port. */
  url: string;
  stop(): Promise<void>;
}

export interface PgBouncerOptions {
  /** The Postgres it pools, as a connection string with user and password. */
  server: string;
  port: number;
  /** Where its configuration is written (made if missing). */
  dir: string;
  /** Server connections per database and user (Neon's pooled endpoint: about 90% of the compute's). */
  poolSize: number;
  /** Client connections it accepts (Neon's pooled endpoint: 10,000). */
  maxClients: number;
}

const STARTUP_TIMEOUT_MS = 10_000;

/**
 * PgBouncer in transaction mode in front of a local Postgres: what Neon's
 * pooled endpoint is in front of its compute. Every request of the Worker
 * opens a connection; through the pooler it gets a backend that is already
 * running, its catalog caches warm, instead of a new one. Aisle's SQL is
 * pooler-safe: no session state, transaction-scoped advisory locks only.
 */
export async function startPgBouncer(options: PgBouncerOptions): Promise<PgBouncer> {
  const binary = pgbouncerBinary();
  const server = new URL(options.server);
  const user = decodeURIComponent(server.username);
  mkdirSync(options.dir, { recursive: true });
  const config = join(options.dir, 'pgbouncer.ini');
  const users = join(options.dir, 'userlist.txt');
  writeFileSync(users, `${quoted(user)} ${quoted(decodeURIComponent(server.password))}\n`, { mode: 0o600 });
  writeFileSync(
    config,
    [
      '[databases]',
      `* = host=${server.hostname} port=${server.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${options.port}`,
      'unix_socket_dir =',
      // md5 against a plain-text entry costs one hash per connection; PgBouncer's SCRAM from a
      // plain-text password would run 4,096 iterations per connection on its single thread.
      'auth_type = md5',
      `auth_file = ${users}`,
      'pool_mode = transaction',
      `default_pool_size = ${options.poolSize}`,
      `max_client_conn = ${options.maxClients}`,
      'log_connections = 0',
      'log_disconnections = 0',
      'stats_period = 3600',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  // It reads its files before it drops to the postgres OS user, so they may stay private to root.
  const args = isRunningAsRoot() ? ['-u', POSTGRES_OS_USER, config] : [config];
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const said: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    said.push(...text.split('\n').filter(Boolean));
    said.splice(0, Math.max(0, said.length - 20));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await listening(options.port, child);
  } catch (error) {
    child.kill('SIGTERM');
    await exited;
    const last = said.at(-1)?.replace(/^\S+ \S+ \S+ \[\d+\] /, '') ?? 'it said nothing';
    throw new LocalPostgresError(
      `PgBouncer did not start on port ${options.port}: ${(error as Error).message} (${last}).`,
    );
  }
  server.port = String(options.port);
  return {
    url: server.toString(),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

function pgbouncerBinary(): string {
  for (const candidate of ['pgbouncer', '/usr/sbin/pgbouncer', '/usr/local/sbin/pgbouncer']) {
    if (spawnSync(candidate, ['--version'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  throw new LocalPostgresError(
    'PgBouncer is not installed; the load stack (npm run bench, npm run start) pools Postgres connections with it as Neon does: apt-get install pgbouncer (Debian, Ubuntu) or brew install pgbouncer (macOS).',
  );
}

const quoted = (value: string) => `"${value.replaceAll('"', '""')}"`;

/** Resolves once `port` accepts a connection; rejects if `child` exits first or it takes too long. */
async function listening(port: number, child: ChildProcess): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`it exited with code ${child.exitCode}`);
    if (await acceptsConnections(port)) return;
    if (Date.now() - started > STARTUP_TIMEOUT_MS)
      throw new Error(`nothing listened after ${STARTUP_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
