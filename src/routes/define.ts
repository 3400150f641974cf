import { createRoute, z, type RouteConfig } from '@hono/zod-openapi';
import type { ZodType } from 'zod';
import { authorize } from '../auth/guard';
import type { Access } from '../auth/principal';
import { ProblemSchema } from '../http/problem';
import { requireWebSocketUpgrade } from '../http/websocket';
import { ERROR_STATUS, type ErrorCode } from '../lib/errors';

/** One tag per resource, listed in the document in this order. */
export const TAGS = {
  Health: 'Liveness and readiness probes',
  Catalog: 'Products and locations, from the edge read model',
  Pricing: 'Price books, prices, promotions and signed quotes',
  Stock: 'Availability per location, inventory movements and stock policies',
  Cart: 'The shopper’s cart, the same on every device and channel',
  Shopper: 'The shopper’s wish list and recently viewed products, on every channel',
  Checkout: 'Placing a cart as an order',
  Orders: 'Orders from every channel, and their pickup',
  'Store reservations': 'Items held at a store for 24 h without paying',
  Returns: 'Any channel’s order returned at any store, refunded to the cent',
  'Back in stock': '“Notify me when it’s back”: one message when a SKU is available again',
  Customers: 'The shopper’s profile and marketing consent, and the shopper as the till sees them',
  Loyalty: 'One wallet on every channel: loyalty points and store credit',
  POS: 'The till: sales online and offline, their sync, its offline catalog and the store’s pickup queue',
  Recommendations: '“Bought together”, counted from the orders of every channel',
  Outbox: 'Follow-up tasks, for ops',
  Webhooks: 'Events delivered to your endpoints within seconds, signed (Standard Webhooks), for ops',
  Events: 'The event log, for reconciliation and replay; each event’s schema is under `webhooks`',
  KPIs: 'Figures per channel over a window, computed from the system of record',
  Dev: 'Development and staging only: sign-in tokens for the browser apps (absent in production)',
} as const;
export type Tag = keyof typeof TAGS;

/** The problem codes a route can answer, each with when it does, in the route's own words. */
export type Problems = Partial<Record<ErrorCode, string>>;

export interface RouteSpec extends Omit<RouteConfig, 'operationId' | 'tags' | 'security' | 'middleware'> {
  /** What a generated SDK calls the method: `getCart`, `addCartItem`. Unique in the document. */
  operationId: string;
  tag: Tag;
  /** Success responses only; failures are `problems`. */
  responses: RouteConfig['responses'];
  problems?: Problems;
  /** The route reads or writes Postgres, so it answers 503 while Postgres is unreachable. */
  postgres?: boolean;
  /** The route only speaks WebSocket: it answers 101, or 426 to a request that is not an upgrade. */
  websocket?: boolean;
}

const REQUIRED_BEARER: Record<string, string[]>[] = [{ bearer: [] }];
const OPTIONAL_BEARER: Record<string, string[]>[] = [{}, { bearer: [] }];

type HeadersObject = Record<string, { description: string; schema: { type: 'string' } }>;
const header = (description: string) => ({ description, schema: { type: 'string' as const } });
const PROBLEM_HEADERS: Partial<Record<number, HeadersObject>> = {
  401: { 'WWW-Authenticate': header('`Bearer …`; `error="invalid_token"` when the token sent failed (RFC 6750)') },
  426: { Upgrade: header('`websocket`') },
  429: { 'Retry-After': header('Seconds to wait before retrying') },
  503: { 'Retry-After': header('Seconds to wait before retrying') },
};

const operationIds = new Set<string>();

/**
 * Declares a route together with who may call it and every problem it can
 * answer. The access rule becomes the route's guard and is published as
 * `x-access`; the problems become its error responses, one per status, whose
 * `code` is exactly the codes listed for that status. The ones every route of
 * a kind can answer (validation, authentication, roles, body size and type, WebSocket
 * upgrade, Postgres) are added here, so a test can hold each route to its
 * document (test/contract/status-matrix.test.ts).
 */
export function defineRoute<const R extends RouteSpec>(access: Access, spec: R) {
  const { tag, problems = {}, postgres = false, websocket = false, ...route } = spec;
  const failures = Object.keys(route.responses).filter((status) => Number(status) >= 400);
  if (failures.length > 0) {
    throw new Error(`${route.operationId}: declare ${failures.join(', ')} as problems, not responses`);
  }
  if (operationIds.has(route.operationId)) throw new Error(`operationId ${route.operationId} is used twice`);
  operationIds.add(route.operationId);

  const answered = withRouteWords(
    automaticProblems(access, { body: route.request?.body !== undefined, postgres, websocket }),
    problems,
  );
  const xAccess: string[] = access === 'public' ? ['public'] : [...access];
  return createRoute({
    ...route,
    tags: [tag],
    middleware: websocket ? [authorize(access), requireWebSocketUpgrade] : [authorize(access)],
    security: access === 'public' ? OPTIONAL_BEARER : REQUIRED_BEARER,
    'x-access': xAccess,
    responses: { ...route.responses, ...problemResponses(answered) },
  });
}

function automaticProblems(access: Access, route: { body: boolean; postgres: boolean; websocket: boolean }): Problems {
  return {
    validation_failed: 'The request is not valid; `errors` names each offending field.',
    unauthorized:
      access === 'public'
        ? 'A token was sent and is not valid (the route needs none).'
        : 'No bearer token, or one that is not valid.',
    ...(access !== 'public' && { forbidden: 'The token’s role may not call this route.' }),
    ...(route.body && { payload_too_large: 'The body is over 1 MiB.' }),
    ...(route.body && {
      unsupported_media_type: 'A body that is not sent as `Content-Type: application/json`.',
    }),
    ...(route.websocket && { upgrade_required: 'Not a WebSocket upgrade: send `Upgrade: websocket`.' }),
    rate_limited:
      'Over the caller’s (or, for pickup codes, the order’s) rate-limit budget; retry after `Retry-After` seconds.',
    ...(route.postgres && { unavailable: 'Postgres is unreachable; retry after `Retry-After` seconds.' }),
  };
}

/** A route's own words about a code it shares with every route of its kind come after the general ones. */
function withRouteWords(general: Problems, own: Problems): Problems {
  const merged: Problems = { ...general };
  for (const [code, words] of Object.entries(own) as [ErrorCode, string][]) {
    merged[code] = general[code] ? `${general[code]} ${words}` : words;
  }
  return merged;
}

type ProblemResponse = {
  description: string;
  content: { 'application/problem+json': { schema: ReturnType<typeof problemSchema> } };
};

// Typed by the one status every route has (400): handlers return successes and throw problems,
// so the handler types need no more of them.
function problemResponses(problems: Problems): { 400: ProblemResponse } {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of Object.keys(problems) as ErrorCode[]) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses = Object.fromEntries(
    [...byStatus].map(([status, codes]) => [
      status,
      {
        description: codes.map((code) => `\`${code}\`: ${problems[code]}`).join('\n\n'),
        ...(PROBLEM_HEADERS[status] && { headers: PROBLEM_HEADERS[status] }),
        content: { 'application/problem+json': { schema: problemSchema(codes) } },
      },
    ]),
  );
  return responses as { 400: ProblemResponse };
}

const problemSchema = (codes: ErrorCode[]) =>
  ProblemSchema.extend({ code: z.enum(codes as [ErrorCode, ...ErrorCode[]]) });

export const jsonBody = <S extends ZodType>(schema: S) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});

export const jsonResponse = <S extends ZodType>(description: string, schema: S) => ({
  description,
  content: { 'application/json': { schema } },
});
