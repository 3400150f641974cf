/**
 * Retry schedule for shipping the movement log to Postgres: 1 s, 2 s, 4 s, …
 * capped at 5 minutes, so a long outage costs one attempt per 5 minutes per
 * SKU with a backlog rather than a stampede when Postgres comes back.
 */
export const LEDGER_RETRY_BASE_MS = 1_000;
export const LEDGER_RETRY_CAP_MS = 5 * 60_000;

export function ledgerRetryDelay(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(LEDGER_RETRY_CAP_MS, LEDGER_RETRY_BASE_MS * 2 ** Math.min(failures - 1, 30));
}

/**
 * When the StockDO's single alarm must next fire: the earliest of the next
 * hold expiry and the next ledger attempt (null when neither is pending).
 */
export function nextWakeUp(nextHoldExpiry: number | null, nextLedgerAttempt: number | null): number | null {
  if (nextHoldExpiry === null) return nextLedgerAttempt;
  if (nextLedgerAttempt === null) return nextHoldExpiry;
  return Math.min(nextHoldExpiry, nextLedgerAttempt);
}
