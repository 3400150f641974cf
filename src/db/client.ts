import { Pool, neonConfig } from '@neondatabase/serverless';
import { drizzle, type NeonDatabase } from 'drizzle-orm/neon-serverless';
import type { DatabaseSettings } from '../config/settings';

export type { DatabaseSettings } from '../config/settings';

// No relational query schema: every query names its tables, and building drizzle's relational
// config walks the whole schema for each new connection (a few percent of a checkout's CPU).
export type Database = NeonDatabase;

/**
 * How long to wait for a connection, by who is waiting:
 * - `background` (DO alarms, the outbox cron, scripts): 10 s, long enough for a cold
 *   Neon compute to start, so the delivery succeeds instead of burning a retry;
 *   bounded so an alarm never hangs on a dead server. Nobody is waiting on it.
 * - `request` (a route answering a client): 2 s. A shopper waiting ~10 s for a 503 is
 *   worse than a fast 503 with Retry-After; a request that lands on a cold compute
 *   gets that 503, and its connect attempt has already woken the compute for the retry.
 */
export const CONNECT_TIMEOUT_MS = { request: 2_000, background: 10_000 } as const;
export type ConnectPurpose = keyof typeof CONNECT_TIMEOUT_MS;

export interface DatabaseConnection {
  db: Database;
  /** Closes the pool; a Pool must not outlive the request that opened it. */
  close(): Promise<void>;
}

// Neon's coalescing holds each write for a timer turn to merge it with the next; in workerd
// that made a round trip to Postgres 2-3 ms instead of about 1 (40 sequential
// parameterised selects through the local relay), and checkout makes several in a row.
// The socket below merges them within the turn instead.
neonConfig.coalesceWrites = false;

type WebSocketClass = NonNullable<typeof neonConfig.webSocketConstructor>;
let coalescing: WebSocketClass | undefined;

/**
 * Makes the driver's WebSocket send what one turn of the event loop wrote as
 * one message. The Postgres driver writes each protocol message on its own
 * (Parse, Bind, Describe, Execute and Sync: five per query), and every send
 * is a frame that the runtime, the proxy and the relay each handle one by
 * one: the Worker's sends were the largest single item in a checkout's CPU
 * profile. The bytes are one stream to Postgres, so merging them changes
 * nothing it receives; queued bytes go out before the driver's next wait,
 * and before a close.
 */
export function coalescingWebSocket(base: WebSocketClass): WebSocketClass {
  return class CoalescingWebSocket extends base {
    private queued: Uint8Array[] = [];

    override send(data: string | ArrayBufferLike | ArrayBufferView): void {
      if (!ArrayBuffer.isView(data)) {
        this.flush();
        super.send(data);
        return;
      }
      if (this.queued.length === 0) queueMicrotask(() => this.flush());
      this.queued.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    }

    override close(code?: number, reason?: string): void {
      this.flush();
      super.close(code, reason);
    }

    private flush(): void {
      const chunks = this.queued;
      if (chunks.length === 0) return;
      this.queued = [];
      const merged = new Uint8Array(chunks.reduce((size, chunk) => size + chunk.byteLength, 0));
      let offset = 0;
      for (const chunk of chunks) {
        merged.set(chunk, offset);
        offset += chunk.byteLength;
      }
      try {
        super.send(merged);
      } catch {
        // A socket that cannot send is gone: closing it fails the driver's pending query,
        // as the send itself would have.
        try {
          super.close();
        } catch {
          // Already closed.
        }
      }
    }
  };
}

function coalesceSends(): void {
  const base: WebSocketClass | undefined = neonConfig.webSocketConstructor ?? globalThis.WebSocket;
  if (!base || base === coalescing) return;
  coalescing = coalescingWebSocket(base);
  neonConfig.webSocketConstructor = coalescing;
}

/**
 * The one way the Worker, the Durable Objects and the scripts reach Postgres.
 * Production and local differ only in where the WebSocket goes.
 */
export function connectDatabase(
  settings: DatabaseSettings,
  purpose: ConnectPurpose = 'background',
  /** What pg_stat_activity calls the connection (its application_name), for a connection that lives on. */
  name?: string,
): DatabaseConnection {
  if (settings.wsProxy) useLocalRelay(settings.wsProxy);
  coalesceSends();
  // One connection per pool (a request's, a background run's, a ledger shipper's): a second one for
  // queries run side by side costs a WebSocket, a Postgres start-up and a new server backend (a
  // checkout's two outbox marks opened one), where waiting for the first costs a round trip a query.
  const pool = new Pool({
    connectionString: settings.url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS[purpose],
    max: 1,
    ...(name && { application_name: name }),
  });
  // An idle pooled connection dropped by the server (a restart, a Neon scale-down) must not
  // surface as an uncaught error; the next query opens a new connection.
  pool.on('error', () => undefined);
  return { db: drizzle(pool), close: () => pool.end() };
}

function useLocalRelay(relay: string): void {
  neonConfig.wsProxy = (host, port) => `${relay}/v1?address=${host}:${port}`;
  // The relay speaks plain ws:// to a Postgres without TLS, so none of Neon's
  // TLS pipelining shortcuts apply.
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
}

export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
