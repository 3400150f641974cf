import type { Context } from 'hono';
import type { AppConfig } from '../config';
import type { Database } from '../db/client';
import type { AppBindings } from './context';

/** What a writing flow (checkout, a till's sale, a return) takes from the request that runs it. */
export interface FlowDeps {
  env: Env;
  config: AppConfig;
  db: Database;
  /** Work that may finish after the response (marking an outbox task done); it may still use `db`. */
  waitUntil(promise: Promise<unknown>): void;
  /** Named failure points a test may trigger (FAULT_INJECTION environments only). */
  fault: string | null;
}

export function flowDeps(c: Context<AppBindings>): FlowDeps {
  return {
    env: c.env,
    config: c.var.config,
    db: c.var.database(),
    waitUntil: c.var.afterResponse,
    fault: c.var.config.faultInjection ? (c.req.header('x-inject-fault') ?? null) : null,
  };
}
