/**
 * When the StockDO's single alarm must next fire: the earliest of the next
 * hold expiry and the next ledger attempt (null when neither is pending).
 */
export function nextWakeUp(nextHoldExpiry: number | null, nextLedgerAttempt: number | null): number | null {
  if (nextHoldExpiry === null) return nextLedgerAttempt;
  if (nextLedgerAttempt === null) return nextHoldExpiry;
  return Math.min(nextHoldExpiry, nextLedgerAttempt);
}
