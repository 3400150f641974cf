import { z } from 'zod';
import {
  PaymentUnavailableError,
  RefundRefusedError,
  type Authorization,
  type AuthorizationRequest,
  type PaymentProvider,
  type Refund,
  type RefundRequest,
} from './provider';

/*
 * Card payments through Stripe's PaymentIntents API (docs.stripe.com/api/payment_intents),
 * called with plain fetch because this runs inside a Worker.
 *
 * Authorizing creates a PaymentIntent confirmed in the same call with
 * capture_method=manual: the amount is held on the card, captured later, or
 * released by canceling the PaymentIntent (our void).
 *
 * payment_method_types[]=card with error_on_requires_action=true: checkout is
 * a server call with no customer present to complete 3-D Secure, so a card
 * that needs it is declined at once instead of leaving a PaymentIntent in
 * requires_action. automatic_payment_methods would require a return_url and
 * cannot be combined with error_on_requires_action (Stripe changelog 2023-08-16).
 *
 * Refunding creates a Refund of the PaymentIntent (docs.stripe.com/api/refunds/create)
 * under our refund id as the Idempotency-Key. Stripe refunds a captured
 * charge, and Aisle only authorizes so far (capture at fulfilment is future
 * work): until capture exists, expect Stripe to refuse the refund of a payment
 * that is only authorized (releasing it is voidAuthorization's job), which
 * reaches the caller as RefundRefusedError. The test stub refunds
 * authorizations too, so the refund path can be exercised today.
 */

/** Pinned so a change of the account's default API version cannot change the shapes read here. */
const STRIPE_API_VERSION = '2025-12-15.clover';
const DEFAULT_TIMEOUT_MS = 10_000;
const PROVIDER = 'stripe';

export interface CardGatewaySettings {
  /** `https://api.stripe.com` in production; the local stub in tests. */
  baseUrl: string;
  /** Stripe secret key (`sk_live_…` / `sk_test_…`), sent as a bearer token. */
  secretKey: string;
  /** How long one call may take before the gateway counts as unavailable. */
  timeoutMs?: number;
}

const paymentIntentSchema = z.object({ id: z.string(), status: z.string(), amount: z.number().int() });
type PaymentIntent = z.infer<typeof paymentIntentSchema>;

const refundSchema = z.object({
  id: z.string(),
  amount: z.number().int(),
  status: z.string().nullable(),
  failure_reason: z.string().nullish(),
});
type StripeRefund = z.infer<typeof refundSchema>;

const stripeErrorSchema = z.object({
  error: z.object({
    type: z.string(),
    code: z.string().nullish(),
    message: z.string().nullish(),
    param: z.string().nullish(),
    payment_intent: z.object({ status: z.string() }).nullish(),
  }),
});
type StripeError = z.infer<typeof stripeErrorSchema>['error'];

interface GatewayResponse {
  status: number;
  body: unknown;
  /** Stripe's `Idempotent-Replayed: true`: the saved response of an earlier call with the same key. */
  replayed: boolean;
  requestId: string | null;
}

export class StripeCardGateway implements PaymentProvider {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(private readonly settings: CardGatewaySettings) {
    this.baseUrl = settings.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async authorize(request: AuthorizationRequest): Promise<Authorization> {
    if (!request.token) return declined('payment_method_missing');
    const response = await this.call('POST', '/v1/payment_intents', authorizationForm(request), request.reference);
    if (response.status === 200) {
      const intent = paymentIntentOf(response);
      // A replay shows the PaymentIntent as it was first created; it may have been voided since.
      return this.authorizationFrom(response.replayed ? await this.retrieve(intent.id) : intent, request.reference);
    }
    const error = stripeErrorOf(response);
    // Only the card's own refusals are declines; we deliberately report Stripe's
    // `code` (card_declined, expired_card, incorrect_cvc…), not the issuer's
    // decline_code, which Stripe advises not to reveal (fraudulent, stolen_card…).
    if (response.status === 402 && error?.type === 'card_error') return declined(error.code ?? 'card_declined');
    // A token that names no usable payment method is the customer's input, not an outage.
    if (response.status === 400 && error?.param === 'payment_method') return declined('invalid_payment_method');
    throw unavailable('authorize the payment', response, error);
  }

  async voidAuthorization(providerReference: string): Promise<void> {
    const path = `/v1/payment_intents/${encodeURIComponent(providerReference)}/cancel`;
    const response = await this.call('POST', path, new URLSearchParams({ cancellation_reason: 'abandoned' }));
    if (response.status === 200) return;
    const error = stripeErrorOf(response);
    // Stripe refuses to cancel twice; a PaymentIntent already canceled holds nothing, which is all a void asks.
    if (error?.code === 'payment_intent_unexpected_state' && error.payment_intent?.status === 'canceled') return;
    throw unavailable(`void ${providerReference}`, response, error);
  }

  async refund(request: RefundRequest): Promise<Refund> {
    const response = await this.call('POST', '/v1/refunds', refundForm(request), request.reference);
    if (response.status === 200) return refundFrom(refundOf(response), request.reference);
    const error = stripeErrorOf(response);
    // 400 (amount_too_large, charge_already_refunded, idempotency_error…), 402 and 404 answer the same to every
    // retry; 401/403 (our key), 409 (the same key in flight), 429 and 5xx can change, so the outbox retries them.
    if ([400, 402, 404].includes(response.status)) {
      throw new RefundRefusedError(
        error?.code ?? error?.type ?? `http_${response.status}`,
        `card gateway refused refund ${request.reference} of ${request.providerReference}: ${answerSummary(response, error)}`,
      );
    }
    throw unavailable(`refund ${request.providerReference}`, response, error);
  }

  private async authorizationFrom(intent: PaymentIntent, reference: string): Promise<Authorization> {
    if (intent.status === 'requires_capture') {
      return { status: 'authorized', provider: PROVIDER, providerReference: intent.id, amount: intent.amount };
    }
    if (intent.status === 'canceled') {
      throw new PaymentUnavailableError(
        `the authorization made under reference ${reference} (${intent.id}) was voided; authorize again under a new reference`,
      );
    }
    // Our parameters make any other status (succeeded, requires_action…) unexpected; release whatever it holds.
    await this.voidAuthorization(intent.id);
    throw new PaymentUnavailableError(
      `card gateway left ${intent.id} in status ${intent.status}, expected requires_capture`,
    );
  }

  private async retrieve(id: string): Promise<PaymentIntent> {
    const response = await this.call('GET', `/v1/payment_intents/${encodeURIComponent(id)}`);
    if (response.status !== 200) throw unavailable(`read ${id}`, response, stripeErrorOf(response));
    return paymentIntentOf(response);
  }

  private async call(method: 'GET' | 'POST', path: string, form?: URLSearchParams, idempotencyKey?: string) {
    const headers = new Headers({
      authorization: `Bearer ${this.settings.secretKey}`,
      'stripe-version': STRIPE_API_VERSION,
    });
    if (form) headers.set('content-type', 'application/x-www-form-urlencoded');
    if (idempotencyKey) headers.set('idempotency-key', idempotencyKey);
    try {
      // The timeout covers reading the body too: a gateway that stalls mid-response is as unavailable as one that never answers.
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: form?.toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await response.text();
      return {
        status: response.status,
        body: parseJson(text),
        replayed: response.headers.get('idempotent-replayed') === 'true',
        requestId: response.headers.get('request-id'),
      } satisfies GatewayResponse;
    } catch (cause) {
      const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
      throw new PaymentUnavailableError(`card gateway unreachable (${method} ${path}): ${reason}`, { cause });
    }
  }
}

function authorizationForm(request: AuthorizationRequest): URLSearchParams {
  const form = new URLSearchParams({
    amount: String(request.amount),
    currency: request.currency.toLowerCase(),
    payment_method: request.token ?? '',
    confirm: 'true',
    capture_method: 'manual',
    'payment_method_types[]': 'card',
    error_on_requires_action: 'true',
    // Lets ops find the PaymentIntent of a checkout whose response was lost.
    'metadata[aisle_reference]': request.reference,
  });
  if (request.description) form.set('description', request.description);
  return form;
}

function refundForm(request: RefundRequest): URLSearchParams {
  return new URLSearchParams({
    payment_intent: request.providerReference,
    amount: String(request.amount),
    // Lets ops find the refund of a return whose response was lost.
    'metadata[reference]': request.reference,
  });
}

/** `pending` counts as done: Stripe completes it without us; `failed`/`canceled`/`requires_action` do not. */
function refundFrom(refund: StripeRefund, reference: string): Refund {
  if (refund.status === 'succeeded' || refund.status === 'pending') {
    return { provider: PROVIDER, providerReference: refund.id, amount: refund.amount };
  }
  const reason = refund.failure_reason ? ` (${refund.failure_reason})` : '';
  throw new RefundRefusedError(
    `refund_${refund.status ?? 'unknown'}`,
    `card gateway left refund ${refund.id} for ${reference} in status ${refund.status}${reason}`,
  );
}

function refundOf(response: GatewayResponse): StripeRefund {
  const parsed = refundSchema.safeParse(response.body);
  if (!parsed.success) throw new PaymentUnavailableError(`card gateway answered ${response.status} without a Refund`);
  return parsed.data;
}

const declined = (reason: string): Authorization => ({ status: 'declined', provider: PROVIDER, reason });

function paymentIntentOf(response: GatewayResponse): PaymentIntent {
  const parsed = paymentIntentSchema.safeParse(response.body);
  if (!parsed.success)
    throw new PaymentUnavailableError(`card gateway answered ${response.status} without a PaymentIntent`);
  return parsed.data;
}

function stripeErrorOf(response: GatewayResponse): StripeError | undefined {
  const parsed = stripeErrorSchema.safeParse(response.body);
  return parsed.success ? parsed.data.error : undefined;
}

function unavailable(action: string, response: GatewayResponse, error: StripeError | undefined) {
  const hint =
    response.status === 401
      ? ' (the gateway rejected our secret key: check PAYMENT_GATEWAY_SECRET)'
      : response.replayed
        ? ' (replayed: Stripe saved this answer under the idempotency key and gives it to every retry with that key)'
        : '';
  return new PaymentUnavailableError(`card gateway could not ${action}: ${answerSummary(response, error, hint)}`);
}

function answerSummary(response: GatewayResponse, error: StripeError | undefined, hint = '') {
  const detail = error
    ? `${error.type}${error.code ? `/${error.code}` : ''}: ${error.message ?? ''}`
    : 'no Stripe error body';
  const request = response.requestId ? ` [${response.requestId}]` : '';
  return `HTTP ${response.status} ${detail}${hint}${request}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // A proxy's HTML error page carries no Stripe error; the status alone decides.
    return null;
  }
}
