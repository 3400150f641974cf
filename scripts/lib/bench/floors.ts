import pg from 'pg';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { percentile } from '../../../src/domain/stats';
import { runLoad, type LoadShape } from './load-run';
import { startDirectWorker } from './worker';

// A bare Worker and a Durable Object class that does nothing, on the same
// workerd and compatibility settings: what a DO call costs before any of our code.
// 'levels' answers what a 20-line cart asks of the availability mirror (20 SKUs at 4 locations), as objects or
// as one JSON string the caller parses: what the shape of an answer costs on the way back.
const PROBE_SCRIPT = `
import { DurableObject } from 'cloudflare:workers';
const level = (l) => ({ locationId: 'wh-' + l, onHand: 100, reserved: 3, safetyStock: 0, lowStockThreshold: 5 });
const LEVELS = { levels: Object.fromEntries(Array.from({ length: 20 }, (_, s) => ['SKU-' + s, [0, 1, 2, 3].map(level)])), missing: [] };
const LEVELS_JSON = JSON.stringify(LEVELS);
export class Probe extends DurableObject {
  ping() { return 1; }
  levels() { return LEVELS; }
  levelsJson() { return LEVELS_JSON; }
  async relay(next, answer) {
    const stub = this.env.PROBE.getByName(next);
    if (answer === 'objects') return (await stub.levels()).missing.length;
    if (answer === 'json') return JSON.parse(await stub.levelsJson()).missing.length;
    return stub.ping();
  }
}
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const calls = Number(url.searchParams.get('calls'));
    const first = Number(url.searchParams.get('first'));
    const objects = Number(url.searchParams.get('objects'));
    const name = (i) => 'probe-' + ((first + i) % objects);
    if (url.searchParams.has('chain')) await env.PROBE.getByName(name(0)).relay(name(1), url.searchParams.get('answer'));
    else await Promise.all(Array.from({ length: calls }, (_, i) => env.PROBE.getByName(name(i)).ping()));
    return Response.json({ ok: true });
  },
};`;

export interface Floors {
  /** p50 of a bare Worker's route, and with 1 and 20 parallel calls to awake DOs that do nothing. */
  bareWorkerP50Ms: number;
  oneDoCallP50Ms: number;
  twentyDoCallsP50Ms: number;
  /** The Worker calls a DO that calls another (a cart or wish list reading the availability mirror). */
  chainedDoCallsP50Ms: number;
  /** The same, the second answering 20 SKUs' levels at 4 locations: as objects, and as one JSON string. */
  chainedLevelsObjectsP50Ms: number;
  chainedLevelsJsonP50Ms: number;
  /** node-postgres straight to the bench's Postgres (no relay, no Worker): a new connection and one query, and a query on an open one. */
  postgresConnectP50Ms: number;
  /** The same new connection and query through the stack's PgBouncer: a warm backend instead of a new one. */
  pooledConnectP50Ms: number;
  postgresQueryP50Ms: number;
  /**
   * A statement that looks up a row in each table checkout writes, on a new
   * connection (a fresh backend, its catalog caches empty) and then again on it.
   */
  postgresColdTablesP50Ms: number;
  postgresWarmTablesP50Ms: number;
}

// The bare route, 1 call, 20 calls and a chain of 2 are timed in turns, ROUNDS times, and each
// floor is the median of its rounds: the machine's noise then falls on all of them
// alike instead of on whichever was timed during a busy moment.
const ROUNDS = 5;
const ROUND_SECONDS = 1;
// Few enough to wake in well under a second and to revisit each many times a second,
// so none falls asleep (10 s idle) between the wake-up and the timed run, on any machine.
const PROBE_OBJECTS = 200;
const POSTGRES_SAMPLES = 40;

/**
 * The floors under the targets: what this machine charges for the primitives
 * the hot paths are made of, measured without any of Aisle's code, so the
 * report can say which targets no implementation could meet here.
 */
export async function measureFloors(postgres: { direct: string; pooled: string } | null): Promise<Floors> {
  const { workerOptions } = unstable_getMiniflareWorkerOptions('wrangler.toml');
  const probe = await startDirectWorker({
    modules: true,
    script: PROBE_SCRIPT,
    compatibilityDate: workerOptions.compatibilityDate,
    compatibilityFlags: workerOptions.compatibilityFlags,
    durableObjects: { PROBE: { className: 'Probe', useSQLite: true } },
  });
  try {
    const { url } = probe;
    let first = 0;
    const modes = {
      bare: 'calls=0',
      one: 'calls=1',
      twenty: 'calls=20',
      chained: 'chain=1',
      levelsObjects: 'chain=1&answer=objects',
      levelsJson: 'chain=1&answer=json',
    } as const;
    type Mode = keyof typeof modes;
    const load = (mode: Mode, shape: LoadShape) =>
      runLoad(url, shape, () => ({
        method: 'GET' as const,
        path: `/?${modes[mode]}&first=${(first += 20)}&objects=${PROBE_OBJECTS}`,
        check: (status: number) => status === 200,
      }));
    // Wakes every probe DO first: like the scenarios, this times awake objects.
    await load('twenty', { connections: 1, duration: 30, amount: Math.ceil(PROBE_OBJECTS / 20) });
    const rounds: Record<Mode, number[]> = {
      bare: [],
      one: [],
      twenty: [],
      chained: [],
      levelsObjects: [],
      levelsJson: [],
    };
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const mode of Object.keys(modes) as Mode[])
        rounds[mode].push((await load(mode, { connections: 1, duration: ROUND_SECONDS })).p50Ms);
    }
    const server = postgres
      ? await postgresFloors(postgres.direct)
      : { connect: Number.NaN, query: Number.NaN, coldTables: Number.NaN, warmTables: Number.NaN };
    const pooledConnect = postgres ? await newConnectionP50(postgres.pooled) : Number.NaN;
    return {
      bareWorkerP50Ms: median(rounds.bare),
      oneDoCallP50Ms: median(rounds.one),
      twentyDoCallsP50Ms: median(rounds.twenty),
      chainedDoCallsP50Ms: median(rounds.chained),
      chainedLevelsObjectsP50Ms: median(rounds.levelsObjects),
      chainedLevelsJsonP50Ms: median(rounds.levelsJson),
      postgresConnectP50Ms: server.connect,
      pooledConnectP50Ms: pooledConnect,
      postgresQueryP50Ms: server.query,
      postgresColdTablesP50Ms: server.coldTables,
      postgresWarmTablesP50Ms: server.warmTables,
    };
  } finally {
    await probe.dispose();
  }
}

// The tables a checkout's order statement and its wallet and idempotency steps touch, each looked up by
// key: a backend opens every relation and index of them, and plans each, the first time it meets them.
const CHECKOUT_TABLES_LOOKUP = [
  `select 1 from orders where id = $1`,
  `select 1 from order_lines where order_id = $1`,
  `select 1 from payments where id = $1`,
  `select 1 from outbox where id = $1`,
  `select 1 from event_streams where stream = $1`,
  `select 1 from customers where id = $1`,
  `select 1 from sku_pairs where sku_a = $1 and sku_b = $1`,
  `select 1 from idempotency_keys where key = $1`,
  `select 1 from wallets where customer_id = $1`,
  `select 1 from wallet_entries where id = $1`,
  `select 1 from promotion_customer_usage where customer_id = $1`,
].join(' union all ');

async function postgresFloors(url: string) {
  const connects: number[] = [];
  const queries: number[] = [];
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < POSTGRES_SAMPLES; i += 1) {
    const { client, ms } = await timedConnect(url);
    connects.push(ms);
    queries.push(await timed(() => client.query('select 1')));
    cold.push(await timed(() => client.query(CHECKOUT_TABLES_LOOKUP, ['bench-floor'])));
    warm.push(await timed(() => client.query(CHECKOUT_TABLES_LOOKUP, ['bench-floor'])));
    await client.end();
  }
  return { connect: median(connects), query: median(queries), coldTables: median(cold), warmTables: median(warm) };
}

async function newConnectionP50(url: string): Promise<number> {
  const connects: number[] = [];
  for (let i = 0; i < POSTGRES_SAMPLES; i += 1) {
    const { client, ms } = await timedConnect(url);
    connects.push(ms);
    await client.end();
  }
  return median(connects);
}

/** A new connection and its first query, timed; the client stays open. */
async function timedConnect(url: string): Promise<{ client: pg.Client; ms: number }> {
  const client = new pg.Client({ connectionString: url });
  const ms = await timed(async () => {
    await client.connect();
    await client.query('select 1');
  });
  return { client, ms };
}

const timed = async (work: () => Promise<unknown>) => {
  const started = performance.now();
  await work();
  return performance.now() - started;
};

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
