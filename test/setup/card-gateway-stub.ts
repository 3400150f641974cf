import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { freePort } from '../../scripts/lib/process';
import { readBody } from './read-body';

/**
 * A stand-in for the part of Stripe's API the card adapter calls
 * (src/payments/card-gateway.ts), answering the way Stripe documents: bearer
 * secret key, form bodies, Idempotency-Key replays, PaymentIntents created
 * and confirmed in one call, cancel, refunds (create, list by PaymentIntent).
 * It is the only fake in the test stack:
 * Stripe is an outside service we cannot run locally.
 *
 * Stripe's own test payment method tokens choose the outcome:
 *   pm_card_visa            → requires_capture (with capture_method=manual)
 *   pm_card_chargeDeclined  → 402 card_error/card_declined
 *   pm_card_gateway_down    → 500 api_error (not a Stripe token: the outage)
 *   pm_card_gateway_slow    → answers as pm_card_visa after SLOW_RESPONSE_MS
 *   anything else           → 400 resource_missing on payment_method
 *
 * `GET /__stub/requests` (stub only) lists the calls it received, so tests
 * can see what the gateway saw, e.g. that a retry was served as a replay.
 * `POST /__stub/outage/cancel/{id}` (stub only) makes the next cancel of that
 * PaymentIntent answer 500, as Stripe does in an outage;
 * `POST /__stub/outage/refund/{id}` the next refund of that PaymentIntent.
 *
 * Refunds: Stripe refunds a captured charge only; Aisle does not capture yet
 * (capture at fulfilment is future work), so this stub also refunds a
 * `requires_capture` PaymentIntent, up to its authorized amount, to let the
 * refund path be exercised before capture exists.
 */

const SECRET_KEY = 'sk_test_aisle_card_gateway_stub';
const SLOW_RESPONSE_MS = 2_000;

interface StubResponse {
  status: number;
  body: unknown;
}

interface PaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  currency: string;
  status: string;
  capture_method: string;
  payment_method: string;
  cancellation_reason: string | null;
  metadata: Record<string, string>;
}

interface Refund {
  id: string;
  object: 'refund';
  amount: number;
  currency: string;
  payment_intent: string;
  status: 'succeeded';
  failure_reason: null;
  metadata: Record<string, string>;
}

interface ReceivedRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  replayed: boolean;
  status: number;
}

interface StubState {
  intents: Map<string, PaymentIntent>;
  refunds: Refund[];
  /** Idempotency-Key → the first request's fingerprint and the response it got. */
  savedResponses: Map<string, { fingerprint: string; response: StubResponse }>;
  received: ReceivedRequest[];
  /** PaymentIntents whose next cancel fails with a 500. */
  failNextCancel: Set<string>;
  /** PaymentIntents whose next refund fails with a 500. */
  failNextRefund: Set<string>;
}

export async function startCardGatewayStub(): Promise<{ url: string; secretKey: string; close(): Promise<void> }> {
  const state: StubState = {
    intents: new Map(),
    refunds: [],
    savedResponses: new Map(),
    received: [],
    failNextCancel: new Set(),
    failNextRefund: new Set(),
  };
  const server = createServer((request, response) => {
    readBody(request)
      .then((body) => respond(state, request, body))
      .then(({ result, replayed }) => send(response, result, replayed))
      .catch((error: unknown) => send(response, stripeError(500, { type: 'api_error', message: String(error) })));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    secretKey: SECRET_KEY,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function respond(state: StubState, request: IncomingMessage, body: string) {
  const method = request.method ?? 'GET';
  const path = request.url ?? '/';
  if (method === 'GET' && path === '/__stub/requests')
    return { result: { status: 200, body: state.received }, replayed: false };
  const outage = /^\/__stub\/outage\/(cancel|refund)\/([^/]+)$/.exec(path);
  if (method === 'POST' && outage?.[2]) {
    const intentId = decodeURIComponent(outage[2]);
    const [switchName, failNext] =
      outage[1] === 'cancel' ? ['failNextCancel', state.failNextCancel] : ['failNextRefund', state.failNextRefund];
    failNext.add(intentId);
    return { result: { status: 200, body: { [switchName]: intentId } }, replayed: false };
  }
  const header = request.headers['idempotency-key'];
  const key = method === 'POST' && typeof header === 'string' ? header : null;
  const { result, replayed } = await answerOnce(state, request, { method, path, body, key });
  state.received.push({ method, path, idempotencyKey: key, replayed, status: result.status });
  return { result, replayed };
}

/** Stripe's idempotency: same key and parameters → the saved response; same key, other parameters → 400. */
async function answerOnce(
  state: StubState,
  request: IncomingMessage,
  call: { method: string; path: string; body: string; key: string | null },
) {
  // Keys belong to an account, so an unauthenticated call never reaches them.
  if (request.headers.authorization !== `Bearer ${SECRET_KEY}`) {
    return {
      result: stripeError(401, { type: 'invalid_request_error', message: 'Invalid API Key provided' }),
      replayed: false,
    };
  }
  // A refund outage is in front of the API: no endpoint began, so, as Stripe documents, nothing is saved under
  // the key and a retry with it runs the refund.
  const refundOf =
    call.method === 'POST' && call.path === '/v1/refunds' && new URLSearchParams(call.body).get('payment_intent');
  if (refundOf && state.failNextRefund.delete(refundOf)) return { result: apiError(), replayed: false };
  const fingerprint = `${call.method} ${call.path} ${call.body}`;
  const saved = call.key ? state.savedResponses.get(call.key) : undefined;
  if (saved && saved.fingerprint === fingerprint) return { result: saved.response, replayed: true };
  if (saved) return { result: idempotencyError(call.key), replayed: false };
  const result = await answer(call.method, call.path, new URLSearchParams(call.body), state);
  // Like Stripe, the response is saved as it was sent, whatever it said (500s included): a replay shows
  // the PaymentIntent as it was then, not as it is now.
  if (call.key) state.savedResponses.set(call.key, { fingerprint, response: structuredClone(result) });
  return { result, replayed: false };
}

async function answer(method: string, path: string, form: URLSearchParams, state: StubState) {
  const { intents } = state;
  if (method === 'POST' && path === '/v1/payment_intents') return createPaymentIntent(form, intents);
  if (method === 'POST' && path === '/v1/refunds') return createRefund(form, state);
  if (method === 'GET' && path.startsWith('/v1/refunds?'))
    return listRefunds(new URL(path, 'http://stub').searchParams, state);
  const match = /^\/v1\/payment_intents\/([^/]+)(\/cancel)?$/.exec(path);
  const intent = match?.[1] ? intents.get(decodeURIComponent(match[1])) : undefined;
  if (!match || !intent)
    return stripeError(404, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      message: `No such resource: ${path}`,
    });
  if (method === 'GET' && !match[2]) return { status: 200, body: intent };
  if (method === 'POST' && match[2] && state.failNextCancel.delete(intent.id)) return apiError();
  if (method === 'POST' && match[2]) return cancelPaymentIntent(intent, form);
  return stripeError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path})` });
}

async function createPaymentIntent(form: URLSearchParams, intents: Map<string, PaymentIntent>): Promise<StubResponse> {
  const amount = Number(form.get('amount'));
  const currency = form.get('currency') ?? '';
  const token = form.get('payment_method') ?? '';
  if (!Number.isInteger(amount) || amount < 1) return invalidParameter('amount', 'Invalid positive integer');
  if (!/^[a-z]{3}$/.test(currency)) return invalidParameter('currency', `Invalid currency: ${currency}`);
  if (form.get('confirm') !== 'true') return invalidParameter('confirm', 'this stub only confirms on creation');
  if (token === 'pm_card_gateway_down') return apiError();
  if (token === 'pm_card_gateway_slow') await new Promise((resolve) => setTimeout(resolve, SLOW_RESPONSE_MS));
  const captureMethod = form.get('capture_method') ?? 'automatic';
  const intent: PaymentIntent = {
    id: `pi_${randomUUID().replaceAll('-', '')}`,
    object: 'payment_intent',
    amount,
    currency,
    status: captureMethod === 'manual' ? 'requires_capture' : 'succeeded',
    capture_method: captureMethod,
    payment_method: token,
    cancellation_reason: null,
    metadata: metadataOf(form),
  };
  if (token === 'pm_card_chargeDeclined') {
    intents.set(intent.id, { ...intent, status: 'requires_payment_method' });
    return stripeError(402, {
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'generic_decline',
      message: 'Your card was declined.',
      payment_intent: intents.get(intent.id),
    });
  }
  if (token !== 'pm_card_visa' && token !== 'pm_card_gateway_slow') {
    return stripeError(400, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'payment_method',
      message: `No such PaymentMethod: '${token}'`,
    });
  }
  intents.set(intent.id, intent);
  return { status: 200, body: intent };
}

function cancelPaymentIntent(intent: PaymentIntent, form: URLSearchParams): StubResponse {
  if (intent.status === 'canceled' || intent.status === 'succeeded') {
    return stripeError(400, {
      type: 'invalid_request_error',
      code: 'payment_intent_unexpected_state',
      message: `You cannot cancel this PaymentIntent because it has a status of ${intent.status}.`,
      payment_intent: intent,
    });
  }
  intent.status = 'canceled';
  intent.cancellation_reason = form.get('cancellation_reason');
  return { status: 200, body: intent };
}

/** Stripe's Create a refund with `payment_intent`; `amount` defaults to what is left to refund. */
function createRefund(form: URLSearchParams, state: StubState): StubResponse {
  const intentId = form.get('payment_intent') ?? '';
  const intent = state.intents.get(intentId);
  if (!intent) {
    return stripeError(404, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'payment_intent',
      message: `No such payment_intent: '${intentId}'`,
    });
  }
  // requires_capture too: see the header (Aisle does not capture yet).
  if (intent.status !== 'succeeded' && intent.status !== 'requires_capture') {
    return stripeError(400, {
      type: 'invalid_request_error',
      code: 'payment_intent_unexpected_state',
      message: `This PaymentIntent (${intent.id}) does not have a successful charge to refund.`,
    });
  }
  const refunded = state.refunds.filter((refund) => refund.payment_intent === intent.id);
  const left = intent.amount - refunded.reduce((sum, refund) => sum + refund.amount, 0);
  const amount = form.has('amount') ? Number(form.get('amount')) : left;
  if (!Number.isInteger(amount) || amount < 1) return invalidParameter('amount', 'Invalid positive integer');
  if (left === 0) {
    return stripeError(400, {
      type: 'invalid_request_error',
      code: 'charge_already_refunded',
      message: `Charge for ${intent.id} has already been refunded.`,
    });
  }
  if (amount > left) {
    return stripeError(400, {
      type: 'invalid_request_error',
      code: 'amount_too_large',
      param: 'amount',
      message: `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`,
    });
  }
  const refund: Refund = {
    id: `re_${randomUUID().replaceAll('-', '')}`,
    object: 'refund',
    amount,
    currency: intent.currency,
    payment_intent: intent.id,
    status: 'succeeded',
    failure_reason: null,
    metadata: metadataOf(form),
  };
  state.refunds.push(refund);
  return { status: 200, body: refund };
}

/** Stripe's List all refunds, filtered by `payment_intent` (one page: tests make few). */
function listRefunds(query: URLSearchParams, state: StubState): StubResponse {
  const intentId = query.get('payment_intent');
  const data = state.refunds.filter((refund) => !intentId || refund.payment_intent === intentId).reverse();
  return { status: 200, body: { object: 'list', url: '/v1/refunds', has_more: false, data } };
}

function metadataOf(form: URLSearchParams): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of form) {
    const key = /^metadata\[(.+)\]$/.exec(name)?.[1];
    if (key) metadata[key] = value;
  }
  return metadata;
}

const stripeError = (status: number, error: Record<string, unknown>): StubResponse => ({ status, body: { error } });

const apiError = () => stripeError(500, { type: 'api_error', message: 'An unknown error occurred' });

const invalidParameter = (param: string, message: string) =>
  stripeError(400, { type: 'invalid_request_error', code: 'parameter_invalid', param, message });

const idempotencyError = (key: string | null) =>
  stripeError(400, {
    type: 'idempotency_error',
    message: `Keys for idempotent requests can only be used with the same parameters they were first used with. (key ${key})`,
  });

function send(response: ServerResponse, { status, body }: StubResponse, replayed = false) {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'request-id': `req_${randomUUID().slice(0, 14)}`,
  };
  if (replayed) headers['idempotent-replayed'] = 'true';
  response.writeHead(status, headers).end(JSON.stringify(body));
}
