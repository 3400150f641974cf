import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeLocalPostgresData } from '../../scripts/lib/postgres';
import { freePort, processesUnder } from '../../scripts/lib/process';

// Building the bundle, starting Postgres, PgBouncer and workerd, and seeding, while other tests hold both cores.
const START_TIMEOUT_MS = 180_000;

describe('npm run start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aisle-start-'));
  // Every user may enter it, so PostgreSQL (the postgres OS user under root) keeps its data here.
  chmodSync(dir, 0o755);

  afterAll(() => {
    // What a failing run left behind (nothing, when it passes).
    for (const { pid } of processesUnder(dir)) process.kill(pid, 'SIGTERM');
    removeLocalPostgresData(join(dir, 'postgres'));
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'serves the seeded store, and Ctrl-C stops everything it started',
    async () => {
      const port = await freePort();
      // The script itself (no npx or tsx wrapper in between), so the signal below reaches it alone.
      const server = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--data-dir', dir], {
        env: { ...process.env, PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
      let output = '';
      await new Promise<void>((resolve, reject) => {
        server.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('is listening on')) resolve();
        });
        server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        void exited.then(() => reject(new Error(`npm run start exited before listening:\n${output}`)));
      });
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(await ready.json()).toEqual({ ok: true, postgres: 'up' });
      expect(processesUnder(dir).some(({ command }) => command.includes('pgbouncer'))).toBe(true);

      server.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(processesUnder(dir)).toEqual([]);
    },
    START_TIMEOUT_MS,
  );
});
