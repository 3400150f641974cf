import type { HoldRequest, PlacedHold, Shortage } from '../domain/stock';

export type HoldsOutcome =
  | { ok: true; holds: PlacedHold[] }
  | { ok: false; reason: 'out_of_stock'; shortages: Shortage[] }
  | { ok: false; reason: 'hold_conflict'; sku: string };

/**
 * Holds every line in its StockDO, all in parallel. All or nothing: if any
 * line is short, the holds already taken are released and every short line
 * is reported, so the shopper sees the whole problem at once.
 */
export async function placeHolds(
  env: Env,
  requests: readonly HoldRequest[],
  ttlMs: number,
  reference: string,
): Promise<HoldsOutcome> {
  const results = await Promise.all(
    requests.map(async (request) => ({
      request,
      result: await env.STOCK.getByName(request.sku).reserve({
        ...request.target,
        holdId: request.holdId,
        quantity: request.quantity,
        ttlMs,
        reference,
      }),
    })),
  );
  const placed: PlacedHold[] = [];
  const shortages: Shortage[] = [];
  let conflict: string | null = null;
  for (const { request, result } of results) {
    if (result.ok)
      placed.push({
        sku: request.sku,
        holdId: request.holdId,
        quantity: request.quantity,
        allocations: result.hold.allocations,
      });
    else if (result.reason === 'insufficient_stock')
      shortages.push({ sku: request.sku, requested: result.requested, available: result.available });
    else conflict = request.sku;
  }
  if (shortages.length === 0 && conflict === null) return { ok: true, holds: placed };
  await releaseHolds(env, placed);
  return conflict !== null
    ? { ok: false, reason: 'hold_conflict', sku: conflict }
    : { ok: false, reason: 'out_of_stock', shortages };
}

export async function releaseHolds(env: Env, holds: readonly Pick<PlacedHold, 'sku' | 'holdId'>[]): Promise<void> {
  await Promise.all(holds.map((hold) => env.STOCK.getByName(hold.sku).release(hold.holdId)));
}
