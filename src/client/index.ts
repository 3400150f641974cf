/**
 * The typed client for storefronts, tills and scripts: openapi-fetch over the
 * types generated from Aisle's OpenAPI document (./schema.d.ts, `npm run
 * client:generate`). Paths, parameters, bodies, responses and each
 * operation's problem codes are checked at compile time. It imports nothing
 * of the server, so a browser bundle carries only openapi-fetch.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, operations, paths } from './schema';

export type { components, operations, paths };
/** The named shapes of the API: `Schemas['Cart']`, `Schemas['Order']`, `Schemas['Problem']`. */
export type Schemas = components['schemas'];
export type AisleClient = Client<paths>;

export interface AisleClientOptions {
  /** `https://api.example.com`, or `http://localhost:8787` for `npm run dev`. */
  baseUrl: string;
  /** A customer's, a till's or ops' token from the identity provider, or a guest cart's token. */
  token?: string;
  /** The shopper's channel; a till's token is always `pos` whatever is sent. */
  channel?: Exclude<Schemas['Channel'], 'pos'>;
  /** Another fetch (a test's, a service binding's); globalThis.fetch otherwise. */
  fetch?: (request: Request) => Promise<Response>;
}

export function createAisleClient(options: AisleClientOptions): AisleClient {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/$/, ''),
    headers: {
      ...(options.token && { authorization: `Bearer ${options.token}` }),
      ...(options.channel && { 'x-channel': options.channel }),
    },
    ...(options.fetch && { fetch: options.fetch }),
  });
}

/** A problem+json answer (RFC 9457), thrown by `ok`. */
export class AisleProblem extends Error {
  override name = 'AisleProblem';

  constructor(
    readonly status: number,
    readonly problem: Schemas['Problem'] | undefined,
    readonly response: Response,
  ) {
    super(`${response.url} answered ${status}${problem ? ` ${problem.code}: ${problem.detail}` : ''}`);
  }
}

/**
 * The data of a call that succeeded, or its problem thrown as an AisleProblem,
 * for callers with nothing better to do with a failure than stop:
 * `const cart = await ok(aisle.GET('/v1/cart'))`.
 */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new AisleProblem(response.status, isProblem(error) ? error : undefined, response);
  return data as T;
}

const isProblem = (value: unknown): value is Schemas['Problem'] =>
  typeof value === 'object' && value !== null && 'code' in value && 'status' in value;
