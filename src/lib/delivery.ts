import {
  afterFailedAttempt,
  failedDeliveryMessage,
  type DeliveryState,
  type DeliveryTarget,
  type RetryPolicy,
} from '../domain/delivery';
import { describeError } from './describe-error';

/**
 * The one way a sender handles a failed delivery (the outbox dispatcher, the
 * StockDO's ledger, the CartDO's events): describes the error, schedules the
 * next attempt with jittered back-off, and logs it, as a warning while
 * retrying and as an error once dead (that line is the alert). The sender
 * stores the state it gets back.
 *
 * `attempts` counts the failed attempt being recorded.
 */
export function afterFailedDelivery(
  target: DeliveryTarget,
  attempts: number,
  error: unknown,
  policy: RetryPolicy,
  now: number = Date.now(),
): DeliveryState {
  const state = afterFailedAttempt(attempts, describeError(error), now, Math.random, policy);
  const message = failedDeliveryMessage(target, state);
  if (state.dead) console.error(message);
  else console.warn(message);
  return state;
}
