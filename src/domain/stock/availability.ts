import type { LevelView, StockStatus } from './levels';

export interface StockLocation {
  id: string;
  shipFrom: boolean;
}

/** What a shopper may see of a level; staff also see the figures behind it. */
export interface PublicLevel {
  locationId: string;
  available: number;
  status: StockStatus;
}

export type LevelAudience = 'public' | 'staff';

export function levelFor(audience: 'public', view: LevelView): PublicLevel;
export function levelFor(audience: LevelAudience, view: LevelView): PublicLevel | LevelView;
export function levelFor(audience: LevelAudience, view: LevelView): PublicLevel | LevelView {
  if (audience === 'staff') return view;
  return { locationId: view.locationId, available: view.available, status: view.status };
}

/**
 * The headline figure for a SKU: the one location's when the caller named a
 * location, else the sum over the locations that ship to customers (a store
 * that only serves walk-ins does not make a SKU available online).
 */
export function headlineAvailable(
  views: readonly LevelView[],
  locations: readonly StockLocation[],
  locationId?: string,
): number {
  if (locationId !== undefined) return views.find((view) => view.locationId === locationId)?.available ?? 0;
  const shipping = new Set(locations.filter((location) => location.shipFrom).map((location) => location.id));
  return views.reduce((sum, view) => (shipping.has(view.locationId) ? sum + view.available : sum), 0);
}

/** Splits a bulk request into one batch per SKU (one StockDO call each), keeping each batch in request order. */
export function groupBySku<T extends { sku: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.sku);
    if (group) group.push(item);
    else groups.set(item.sku, [item]);
  }
  return groups;
}
