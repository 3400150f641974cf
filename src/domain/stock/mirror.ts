import { percentile } from '../stats';
import { availableAt, emptyLevel, type StockLevel } from './levels';

/**
 * How many copies of the availability mirror there are. Every StockDO change
 * is pushed to each (coalesced: at most one push in flight per copy), and
 * each read goes to one picked at random, so read throughput grows with the
 * count and push traffic with it too. One object serves about a thousand
 * small calls a second.
 */
export const MIRROR_REPLICAS = 4;

export const mirrorReplicaName = (replica: number) => `replica:${replica}`;

/** How long a stock operation waits for the mirror copies to take its change before answering anyway. */
export const MIRROR_SYNC_TIMEOUT_MS = 250;

/** How long the StockDO's alarm waits to push again after `failures` failed pushes in a row: 2 s doubling to 1 min. */
export function mirrorRetryDelay(failures: number): number {
  return Math.min(60_000, 2_000 * 2 ** Math.max(0, failures - 1));
}

/** What one StockDO last told a mirror copy: every stocked location's level, as of its `version`-th change. */
export interface MirroredSku {
  sku: string;
  version: number;
  /**
   * The levels (StockLevel[]) as JSON: made once per version for every copy,
   * stored by each as it came, and parsed only when a read needs them.
   * Twenty level objects structured-cloned for each of four copies, and
   * each copy turning them back into JSON to store, is work one string skips.
   */
  levelsJson: string;
  /** When the StockDO made the oldest change this update carries (its clock), for the lag figure. */
  changedAt: number;
}

/** What a mirror copy answers for each SKU it holds (its levels, or one figure from them). */
export interface MirrorAnswer<T> {
  found: Record<string, T>;
  /** SKUs whose StockDO has never reported to this copy: the caller asks the StockDO itself. */
  missing: string[];
}

export interface MirrorHealth {
  replica: number;
  skus: number;
  lag: LagSummary;
}

export interface LagSummary {
  samples: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

/** The lag figures of a mirror copy over its recent updates. */
export function lagSummary(lags: readonly number[]): LagSummary {
  if (lags.length === 0) return { samples: 0, p50Ms: null, p99Ms: null, maxMs: null };
  const sorted = [...lags].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted[sorted.length - 1] ?? null,
  };
}

/** A SKU's levels at the asked locations from what its StockDO reported (only stocked locations); zero elsewhere. */
export function levelsAtLocations(reported: readonly StockLevel[], locationIds: readonly string[]): StockLevel[] {
  const byLocation = new Map(reported.map((level) => [level.locationId, level]));
  return locationIds.map((id) => byLocation.get(id) ?? emptyLevel(id));
}

/**
 * A SKU's units on sale summed over `locationIds` (zero where it is not
 * stocked): the one figure a cart or wish-list line shows, at one store or
 * across the ship-from locations, as headlineAvailable counts it.
 */
export function availableAcross(reported: readonly StockLevel[], locationIds: ReadonlySet<string>): number {
  let available = 0;
  for (const level of reported) if (locationIds.has(level.locationId)) available += availableAt(level);
  return available;
}
