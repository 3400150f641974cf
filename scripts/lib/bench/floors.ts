import pg from 'pg';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { percentile } from '../../../src/domain/stats';
import { runLoad, type LoadShape } from './load-run';
import { startDirectWorker } from './worker';

// A bare Worker and a Durable Object class that does nothing, on the same
// workerd and compatibility settings: what a DO call costs before any of our code.
const PROBE_SCRIPT = `
import { DurableObject } from 'cloudflare:workers';
export class Probe extends DurableObject { ping() { return 1; } }
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const calls = Number(url.searchParams.get('calls'));
    const first = Number(url.searchParams.get('first'));
    const objects = Number(url.searchParams.get('objects'));
    await Promise.all(Array.from({ length: calls }, (_, i) => env.PROBE.getByName('probe-' + ((first + i) % objects)).ping()));
    return Response.json({ ok: true });
  },
};`;

export interface Floors {
  /** p50 of a bare Worker's route, and with 1 and 20 parallel calls to awake DOs that do nothing. */
  bareWorkerP50Ms: number;
  oneDoCallP50Ms: number;
  twentyDoCallsP50Ms: number;
  /** node-postgres straight to the bench's Postgres (no relay, no Worker): a new connection and one query, and a query on an open one. */
  postgresConnectP50Ms: number;
  postgresQueryP50Ms: number;
}

// The bare route, 1 call and 20 calls are timed in turns, ROUNDS times, and each
// floor is the median of its rounds: the machine's noise then falls on all three
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
export async function measureFloors(postgresUrl: string | null): Promise<Floors> {
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
    const load = (calls: number, shape: LoadShape) =>
      runLoad(url, shape, () => ({
        method: 'GET' as const,
        path: `/?calls=${calls}&first=${(first += calls)}&objects=${PROBE_OBJECTS}`,
        check: (status: number) => status === 200,
      }));
    // Wakes every probe DO first: like the scenarios, this times awake objects.
    await load(20, { connections: 1, duration: 30, amount: Math.ceil(PROBE_OBJECTS / 20) });
    const rounds: Record<0 | 1 | 20, number[]> = { 0: [], 1: [], 20: [] };
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const calls of [0, 1, 20] as const)
        rounds[calls].push((await load(calls, { connections: 1, duration: ROUND_SECONDS })).p50Ms);
    }
    const [bareWorkerP50Ms, oneDoCallP50Ms, twentyDoCallsP50Ms] = [rounds[0], rounds[1], rounds[20]].map(median) as [
      number,
      number,
      number,
    ];
    const postgres = postgresUrl ? await postgresFloors(postgresUrl) : { connect: Number.NaN, query: Number.NaN };
    return {
      bareWorkerP50Ms,
      oneDoCallP50Ms,
      twentyDoCallsP50Ms,
      postgresConnectP50Ms: postgres.connect,
      postgresQueryP50Ms: postgres.query,
    };
  } finally {
    await probe.dispose();
  }
}

async function postgresFloors(url: string): Promise<{ connect: number; query: number }> {
  const connects: number[] = [];
  const queries: number[] = [];
  for (let i = 0; i < POSTGRES_SAMPLES; i += 1) {
    const client = new pg.Client({ connectionString: url });
    const started = performance.now();
    await client.connect();
    await client.query('select 1');
    const connected = performance.now();
    await client.query('select 1');
    queries.push(performance.now() - connected);
    connects.push(connected - started);
    await client.end();
  }
  return { connect: median(connects), query: median(queries) };
}

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
