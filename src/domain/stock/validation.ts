/**
 * Guards for the StockDO's inputs. Routes validate with zod first; these
 * catch a caller inside the Worker passing nonsense, which is a bug, so they
 * throw instead of returning a result.
 */
export function requireUnits(value: number, what: string, min: number, max = 1_000_000_000): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`${what} must be a whole number from ${min} to ${max}, got ${value}`);
  }
}

/** Caller ids become part of ledger ids, which use `/` as separator (see movementId). */
export function requireCallerId(value: string, what: string): void {
  if (value.length === 0 || value.length > 200 || value.includes('/')) {
    throw new RangeError(`${what} must be 1-200 characters without "/", got ${JSON.stringify(value)}`);
  }
}
