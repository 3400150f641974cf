import type { TimingVariables } from 'hono/timing';
import type { RequestIdVariables } from 'hono/request-id';
import type { Principal } from '../auth/principal';
import type { AppConfig } from '../config';
import type { Database } from '../db/client';
import type { Channel } from '../domain/channels';

export type { Channel };

export interface AppVariables extends TimingVariables, RequestIdVariables {
  config: AppConfig;
  /** Null on a public route called without a token. */
  principal: Principal | null;
  channel: Channel;
  /** Opens this request's Postgres pool on first use; closed once the response and its afterResponse work are done. */
  database: () => Database;
  /** Work that may finish after the response (marking an outbox task done); it may use the request's database. */
  afterResponse: (work: Promise<unknown>) => void;
}

export interface AppBindings {
  Bindings: Env;
  Variables: AppVariables;
}
