import { createAisleClient } from '../../../src/client';
import { signDevToken } from '../dev-token';

export interface MirrorLag {
  copies: number;
  /** Updates the figures are over, summed over the copies. */
  samples: number;
  /** The worst copy's figure: what a page reading any copy may see. */
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

const worst = (values: readonly (number | null)[]) =>
  values.reduce<number | null>((max, value) => (value === null ? max : Math.max(max ?? value, value)), null);

/**
 * How stale displayed availability ran during the run: each mirror copy's
 * lag from a StockDO change to the copy taking it, over its latest updates
 * (the hot SKU's 500 holds and every scenario's stock changes before them),
 * as ops see it in GET /v1/admin/inventory/mirror.
 */
export async function readMirrorLag(baseUrl: string, runId: string, authSecret: string): Promise<MirrorLag> {
  const ops = createAisleClient({
    baseUrl,
    token: await signDevToken({ role: 'ops', sub: `bench-${runId}-ops` }, authSecret),
  });
  const { data, error } = await ops.GET('/v1/admin/inventory/mirror');
  if (!data) throw new Error(`reading the availability mirror failed: ${JSON.stringify(error)}`);
  const lags = data.replicas.map((replica) => replica.lag);
  return {
    copies: data.replicas.length,
    samples: lags.reduce((sum, lag) => sum + lag.samples, 0),
    p50Ms: worst(lags.map((lag) => lag.p50Ms)),
    p99Ms: worst(lags.map((lag) => lag.p99Ms)),
    maxMs: worst(lags.map((lag) => lag.maxMs)),
  };
}
