/**
 * When the StockDO's single alarm must next fire: the earliest of what is
 * pending (the next hold expiry, the next ledger attempt, a mirror retry),
 * null when nothing is.
 */
export function nextWakeUp(...times: readonly (number | null)[]): number | null {
  const pending = times.filter((time): time is number => time !== null);
  return pending.length === 0 ? null : Math.min(...pending);
}
