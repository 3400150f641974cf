import { z } from '@hono/zod-openapi';

// Explicit bounds for the numbers Aisle answers with, so a client can size its
// fields from the document. Inputs carry their own, tighter bounds where they
// are declared.

/** The StockDO refuses any per-location figure past this (domain/stock requireUnits). */
export const MAX_STOCK_UNITS = 1_000_000_000;

/** A bulk write takes at most 5000 rows (prices); every other bulk body fewer. */
export const MAX_BULK_ROWS = 5000;

/** Counters kept in 32-bit columns: outbox attempts, a cart's version. */
export const MAX_COUNTER = 2_147_483_647;

/** Units of one SKU at one location: on hand may dip below 0 when a till oversells. */
export const StockFigureSchema = z.number().int().min(-MAX_STOCK_UNITS).max(MAX_STOCK_UNITS);

/** Units that cannot be negative: reserved, available, safety stock. */
export const UnitsSchema = z.number().int().min(0).max(MAX_STOCK_UNITS);

/** Available units summed over locations (each at most MAX_STOCK_UNITS). */
export const UnitsTotalSchema = z
  .number()
  .int()
  .min(0)
  .max(1000 * MAX_STOCK_UNITS);

/** How many rows a bulk write touched. */
export const RowCountSchema = z.number().int().min(0).max(MAX_BULK_ROWS);

export const CounterSchema = z.number().int().min(0).max(MAX_COUNTER);
