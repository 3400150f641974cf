import { createMiddleware } from 'hono/factory';
import type { AppBindings } from './context';
import { connectDatabase, type DatabaseConnection } from '../db/client';

/**
 * Gives the request a lazily opened Postgres pool. A Neon pool cannot outlive
 * the request that opened it, so it is closed once the response is on its way.
 * Routes that never touch Postgres (the hot paths) never open one. It connects with
 * the short request timeout, so an outage answers 503 in ~2 s, not ~10 (db/client.ts).
 */
export const databasePerRequest = createMiddleware<AppBindings>(async (c, next) => {
  let connection: DatabaseConnection | undefined;
  c.set('database', () => {
    connection ??= connectDatabase(c.var.config.database, 'request');
    return connection.db;
  });
  try {
    await next();
  } finally {
    if (connection) c.executionCtx.waitUntil(connection.close());
  }
});
