import type { DeliveryState } from './retry';

/** What failed to be delivered, and where to, as the log names it. */
export interface DeliveryTarget {
  item: string;
  destination: string;
}

/** The one log line for a failed attempt: what, where, which attempt, what happens next, why. */
export function failedDeliveryMessage(target: DeliveryTarget, state: DeliveryState): string {
  const next = state.nextAttemptAt === null ? null : new Date(state.nextAttemptAt).toISOString();
  const outcome = !state.dead
    ? `next at ${next}`
    : next === null
      ? 'dead, parked until revived'
      : `dead, still retrying, next at ${next}`;
  return `delivery of ${target.item} to ${target.destination} failed (attempt ${state.attempts}), ${outcome}: ${state.lastError}`;
}
