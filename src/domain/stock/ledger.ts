/**
 * When the StockDO's single alarm must next fire: the earliest of what is
 * pending (the next hold expiry, the next ledger attempt, a mirror retry),
 * null when nothing is.
 */
export function nextWakeUp(...times: readonly (number | null)[]): number | null {
  const pending = times.filter((time): time is number => time !== null);
  return pending.length === 0 ? null : Math.min(...pending);
}

/**
 * How many ledger shippers (durable-objects/ledger/shipper.ts) the SKUs are
 * spread over: each writes its SKUs' batches over one Postgres connection at a
 * time, so this bounds the connections stock shipping holds open. A shipper
 * is one Durable Object, good for about a thousand calls a second, and a
 * StockDO ships at most about once a second, so four keep up with some 4,000
 * SKUs changing every second; a bigger catalog in motion needs more. Changing
 * it is safe at any time: a shipper keeps nothing between batches.
 */
export const LEDGER_SHIPPERS = 4;

/** The shipper of a SKU's ledger, by a stable FNV-1a hash of the SKU: a shipper's trouble touches a known set of SKUs. */
export function ledgerShipperName(sku: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < sku.length; i += 1) hash = Math.imul(hash ^ sku.charCodeAt(i), 0x01000193);
  return `shipper:${(hash >>> 0) % LEDGER_SHIPPERS}`;
}
