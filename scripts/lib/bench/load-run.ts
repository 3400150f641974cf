import autocannon from 'autocannon';
import { percentile } from '../../../src/domain/stats';

/** One HTTP call of a scenario, and what a right answer to it looks like. */
export interface BenchRequest {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** True when the answer is right; anything else (including a fast error) counts as an error. */
  check(status: number, body: unknown): boolean;
}

export interface LoadShape {
  connections: number;
  /** Seconds; the run stops at this, or after `amount` requests. */
  duration: number;
  amount?: number;
}

export interface LoadResult {
  responses: number;
  /** Wrong answers (status or field) plus connection errors and timeouts. */
  errors: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** The first wrong answer seen, to say what went wrong. */
  firstError: string | null;
}

const REQUEST_TIMEOUT_SECONDS = 30;

// Sent once a scenario has used up what it prepared: answered, but neither checked nor timed.
const FILLER: BenchRequest = { method: 'GET', path: '/healthz', check: () => true };

/**
 * Drives the Worker with autocannon at a fixed number of keep-alive
 * connections over loopback. `next()` makes each request (so every request
 * can name other SKUs, customers or keys), and every response is checked.
 * When `next()` returns null (a scenario's prepared carts are used up) the
 * run ends early. Latencies are kept exactly (autocannon's own histogram has
 * 1 ms steps, too coarse for a sub-millisecond baseline).
 */
export async function runLoad(baseUrl: string, shape: LoadShape, next: () => BenchRequest | null): Promise<LoadResult> {
  const latencies: number[] = [];
  let wrong = 0;
  let firstError: string | null = null;
  let exhausted = false;
  // The request each connection has in flight, so its response is checked against it.
  const inFlight = new WeakMap<object, BenchRequest>();
  // Set by onResponse, read by the 'response' event that autocannon emits right after it.
  let timeThisResponse = true;

  let instance: autocannon.Instance | undefined;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: baseUrl,
        connections: shape.connections,
        duration: shape.duration,
        ...(shape.amount === undefined ? {} : { amount: shape.amount }),
        timeout: REQUEST_TIMEOUT_SECONDS,
        requests: [
          {
            setupRequest: (request, context) => {
              const call = (exhausted ? null : next()) ?? FILLER;
              if (call === FILLER && !exhausted) {
                exhausted = true;
                setImmediate(() => instance?.stop());
              }
              inFlight.set(context, call);
              return {
                ...request,
                method: call.method,
                path: call.path,
                headers: {
                  ...call.headers,
                  ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
                },
                body: call.body === undefined ? undefined : JSON.stringify(call.body),
              };
            },
            onResponse: (status, body, context) => {
              const call = inFlight.get(context);
              timeThisResponse = call !== FILLER;
              if (call && call.check(status, parseJson(body))) return;
              wrong += 1;
              firstError ??= `${call?.method ?? '?'} ${call?.path ?? '?'} answered ${status}: ${body.slice(0, 300)}`;
            },
          },
        ],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      if (timeThisResponse) latencies.push(responseTime);
    });
  });

  latencies.sort((a, b) => a - b);
  const seconds = result.duration;
  return {
    responses: latencies.length,
    errors: wrong + result.errors,
    seconds,
    rps: latencies.length / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    firstError: firstError ?? (result.errors > 0 ? `${result.errors} connection errors or timeouts` : null),
  };
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
