import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { endProcessesUnder, processesUnder } from '../../scripts/lib/process';

describe('the processes a killed run left in its state directory', () => {
  const root = mkdtempSync(join(tmpdir(), 'aisle-processes-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** A process that names `path` on its command line, as PgBouncer names its config, and waits. */
  const lingering = (path: string) => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', path], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_, signal) => resolve(signal)));
    return { child, exited };
  };

  it('are found by a path under the directory, and ended; a neighbour whose name shares the prefix is left', async () => {
    const dir = join(root, 'aisle-bench-1');
    const inside = lingering(join(dir, 'pgbouncer', 'pgbouncer.ini'));
    const neighbour = lingering(`${dir}0/pgbouncer.ini`);
    try {
      await expect.poll(() => processesUnder(dir).map(({ pid }) => pid)).toEqual([inside.child.pid]);
      expect(endProcessesUnder(dir)).toEqual([inside.child.pid]);
      expect(await inside.exited).toBe('SIGTERM');
      expect(processesUnder(dir)).toEqual([]);
      expect(neighbour.child.exitCode).toBeNull();
    } finally {
      inside.child.kill('SIGKILL');
      neighbour.child.kill('SIGKILL');
    }
  });
});
