import type { Database } from '../db/client';
import { disableEndpoint } from '../db/webhook-endpoints';
import { claimDelivery, recordAttempt, type AttemptRecord, type ClaimedDelivery } from '../db/webhook-deliveries';
import { WEBHOOK_RETRY } from '../domain/delivery';
import { retryAfterMs } from '../domain/webhooks';
import { afterFailedDelivery } from '../lib/delivery';
import { describeError } from '../lib/describe-error';
import { openWebhookSecret, webhookSignature } from '../lib/webhook-signing';
import { eventEnvelope } from '../outbox/event-envelope';
import { postWebhook, type ReceiverAnswer } from './send';

export interface AttemptDeps {
  db: Database;
  signingSecret: string;
}

/**
 * One attempt at a due delivery: claim it, build the body from the outbox
 * row, sign it, POST it, and record the outcome. 2xx is delivered; 410 Gone
 * kills it and disables the endpoint; anything else (another status, a
 * redirect, a network error, the 10 s timeout) is retried on the Standard
 * Webhooks schedule, later if the receiver's Retry-After says so. Returns the
 * record, or null when the delivery was not due (someone else has it).
 */
export async function attemptDelivery(deps: AttemptDeps, id: string, now = Date.now()): Promise<AttemptRecord | null> {
  const claimed = await claimDelivery(deps.db, id, now);
  if (!claimed) return null;
  const record = await attemptClaimed(deps, claimed, now);
  await recordAttempt(deps.db, id, record, now);
  return record;
}

async function attemptClaimed(deps: AttemptDeps, claimed: ClaimedDelivery, now: number): Promise<AttemptRecord> {
  const { endpoint, event } = claimed;
  if (!endpoint.active) return deadFor('the endpoint is disabled');
  if (!event) return deadFor('the event is no longer in the outbox');
  let body: string;
  try {
    // The same envelope the event log lists (id, type, occurredAt, per-stream sequence, data).
    const envelope = eventEnvelope(event);
    body = JSON.stringify({ type: envelope.type, timestamp: envelope.occurredAt, data: envelope });
  } catch (error) {
    // A poison event never becomes sendable by retrying it.
    return deadFor(`the event cannot be serialized: ${describeError(error)}`);
  }
  const secret = await openWebhookSecret(deps.signingSecret, endpoint.sealedSecret);
  const timestamp = Math.floor(now / 1000);
  const signature = await webhookSignature(secret, claimed.eventId, timestamp, body);
  const answer = await postWebhook(endpoint.url, body, {
    'webhook-id': claimed.eventId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signature,
  });
  if (answer.status !== null && answer.status >= 200 && answer.status < 300) {
    return { ...answered(answer), status: 'delivered', nextAttemptAt: null, error: null };
  }
  if (answer.status === 410) {
    await disableEndpoint(deps.db, endpoint.id);
    return {
      ...answered(answer),
      status: 'dead',
      nextAttemptAt: null,
      error: 'the receiver answered 410 Gone; endpoint disabled',
    };
  }
  return retryLater(claimed, answer, now);
}

function retryLater(claimed: ClaimedDelivery, answer: ReceiverAnswer, now: number): AttemptRecord {
  const reason = answer.error ?? `the receiver answered ${answer.status}`;
  const state = afterFailedDelivery(
    { item: `webhook ${claimed.eventId}`, destination: claimed.endpoint.url },
    claimed.attempts,
    reason,
    WEBHOOK_RETRY,
    now,
  );
  const asked = retryAfterMs(answer.retryAfter, now);
  const nextAttemptAt =
    state.nextAttemptAt === null || asked === null ? state.nextAttemptAt : Math.max(state.nextAttemptAt, now + asked);
  return { ...answered(answer), status: state.dead ? 'dead' : 'pending', nextAttemptAt, error: state.lastError };
}

const answered = (answer: ReceiverAnswer) => ({ responseStatus: answer.status, responseExcerpt: answer.excerpt });

const deadFor = (error: string): AttemptRecord => ({
  status: 'dead',
  nextAttemptAt: null,
  responseStatus: null,
  responseExcerpt: null,
  error,
});
