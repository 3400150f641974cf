import { createMiddleware } from 'hono/factory';
import type { AppBindings } from './context';
import { connectDatabase, type DatabaseConnection } from '../db/client';

/**
 * Gives the request a lazily opened Postgres pool. A Neon pool cannot outlive
 * the request that opened it, so it is closed once the response is on its way
 * and the work left for after it has settled. Routes that never touch Postgres
 * (the hot paths) never open one. It connects with the short request timeout,
 * so an outage answers 503 in ~2 s, not ~10 (db/client.ts).
 */
export const databasePerRequest = createMiddleware<AppBindings>(async (c, next) => {
  let connection: DatabaseConnection | undefined;
  const pending: Promise<unknown>[] = [];
  c.set('database', () => {
    connection ??= connectDatabase(c.var.config.database, 'request');
    return connection.db;
  });
  c.set('afterResponse', (work) => pending.push(work));
  try {
    await next();
  } finally {
    // One waitUntil keeps the deferred work and the close alive: the pool has one connection, and
    // a closing pool never serves a query still waiting for it (node-postgres drops its queue), so
    // work deferred past the response, and what it defers in turn, settles first. A request that
    // neither opened a pool nor deferred anything (the hot paths) registers nothing.
    if (connection || pending.length > 0) {
      c.executionCtx.waitUntil(
        (async () => {
          while (pending.length > 0) await Promise.allSettled(pending.splice(0));
          await connection?.close();
        })(),
      );
    }
  }
});
