/**
 * CI check: the suite's PostgreSQL (and dev's) starts from a clone under a
 * directory only root may enter, as `/root/app` is in a container.
 *
 * As root, copies the checkout's files (those git tracks or would) and its
 * node_modules (hard links, not a symlink: the point is that the real paths
 * are private) into a fresh 0700 directory, then runs itself from there with
 * `--inside`, which starts and queries the test stack's Postgres and a
 * cluster in dev's `.data/` place, then stops and removes both. Prints one
 * line. Not root: nothing to check, since PostgreSQL then runs as this very
 * user.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { startTestPostgres } from '../test/setup/test-stack';
import { removeLocalPostgresData, startLocalPostgres, type LocalPostgres } from './lib/postgres';
import { freePort, isRunningAsRoot } from './lib/process';
import { LocalPostgresError, postgresRuntime, untraversable } from './lib/postgres-runtime';

const NAME = 'private-home check';

if (!isRunningAsRoot()) {
  console.log(`${NAME}: skipped, not root (PostgreSQL runs as this user, who can reach node_modules).`);
} else if (process.argv.includes('--inside')) {
  await inside();
} else {
  outside();
}

function outside(): void {
  const started = Date.now();
  const privateHome = mkdtempSync(join(tmpdir(), 'aisle-private-home-')); // mode 0700, like /root
  const clone = join(privateHome, 'app');
  try {
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      encoding: 'utf8',
    })
      .split('\0')
      .filter(Boolean);
    for (const file of files) {
      // Regular files only: a worktree's node_modules may be a symlink git does not ignore.
      if (!existsSync(file) || !lstatSync(file).isFile()) continue;
      mkdirSync(dirname(join(clone, file)), { recursive: true });
      copyFileSync(file, join(clone, file));
    }
    const modules = realpathSync('node_modules');
    const linked = spawnSync('cp', ['-al', modules, join(clone, 'node_modules')], { stdio: 'ignore' });
    if (linked.status !== 0) execFileSync('cp', ['-a', modules, join(clone, 'node_modules')]);
    const run = spawnSync(join(clone, 'node_modules', '.bin', 'tsx'), ['scripts/check-private-home.ts', '--inside'], {
      cwd: clone,
      stdio: 'inherit',
    });
    if (run.status !== 0) {
      process.exitCode = run.status ?? 1;
      return;
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `${NAME}: the test and dev clusters started and answered from a clone under a 0700 directory (${seconds} s).`,
    );
  } finally {
    rmSync(privateHome, { recursive: true, force: true });
  }
}

async function inside(): Promise<void> {
  try {
    const { runAs } = await postgresRuntime();
    // A check that PostgreSQL's user could pass anyway would prove nothing.
    if (!runAs || !untraversable(process.cwd(), runAs)) {
      throw new Error(`${process.cwd()} is reachable by PostgreSQL's OS user, so this check proves nothing.`);
    }
    const test = await startTestPostgres();
    try {
      await expectAnswer(test);
    } finally {
      await test.stop();
      test.remove();
    }
    const devDataDir = join(process.cwd(), '.data', 'postgres');
    try {
      const dev = await startLocalPostgres({ dataDir: devDataDir, port: await freePort(), persistent: true });
      try {
        await expectAnswer(dev);
      } finally {
        await dev.stop();
      }
    } finally {
      removeLocalPostgresData(devDataDir);
    }
  } catch (error) {
    console.error(`${NAME}: ${error instanceof LocalPostgresError ? error.message : String(error)}`);
    process.exit(1);
  }
}

async function expectAnswer(postgres: LocalPostgres): Promise<void> {
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ answer: number }>('select 1 as answer');
    if (rows[0]?.answer !== 1) throw new Error(`${postgres.url} answered ${JSON.stringify(rows)} to select 1`);
  } finally {
    await client.end();
  }
}
