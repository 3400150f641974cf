import type { Context } from 'hono';
import { setMetric } from 'hono/timing';
import type { AppBindings } from './context';

export type TimedResource = 'db' | 'do' | 'kv';

/** Runs `work` and reports its duration in the response's Server-Timing header. */
export async function timed<T>(c: Context<AppBindings>, resource: TimedResource, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    setMetric(c, resource, performance.now() - start);
  }
}
