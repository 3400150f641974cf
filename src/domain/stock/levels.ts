// Stock arithmetic for one SKU at one location. Quantities are whole units.

export const STOCK_STATUSES = ['in_stock', 'low_stock', 'out_of_stock'] as const;
export type StockStatus = (typeof STOCK_STATUSES)[number];

/** What a location keeps back and when it counts as running low. */
export interface StockPolicy {
  /** Units never offered for sale: a buffer against miscounts and in-store pickers. */
  safetyStock: number;
  /** `available` at or below this (and above 0) is `low_stock`; 0 disables the band. */
  lowStockThreshold: number;
}

export interface StockLevel extends StockPolicy {
  locationId: string;
  onHand: number;
  reserved: number;
}

/** A level as callers see it: the stored figures plus what they imply. */
export interface LevelView extends StockLevel {
  available: number;
  status: StockStatus;
}

export const DEFAULT_POLICY: StockPolicy = { safetyStock: 0, lowStockThreshold: 5 };

/** A location never stocked reads as zero everywhere, with the default policy. */
export function emptyLevel(locationId: string): StockLevel {
  return { locationId, onHand: 0, reserved: 0, ...DEFAULT_POLICY };
}

/**
 * onHand − reserved − safetyStock, which may be negative after a POS sale or a
 * late commit took goods that were not available. Only used to detect that.
 */
export function rawAvailable(level: StockLevel): number {
  return level.onHand - level.reserved - level.safetyStock;
}

/** What may still be promised to a shopper: never below zero. */
export function availableAt(level: StockLevel): number {
  return Math.max(0, rawAvailable(level));
}

export function stockStatus(level: StockLevel): StockStatus {
  const available = availableAt(level);
  if (available === 0) return 'out_of_stock';
  return available <= level.lowStockThreshold ? 'low_stock' : 'in_stock';
}

export function viewLevel(level: StockLevel): LevelView {
  return { ...level, available: availableAt(level), status: stockStatus(level) };
}
