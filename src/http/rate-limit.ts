import type { Context } from 'hono';
import type { Principal } from '../auth/principal';
import type { BudgetName } from '../config';
import { ApiError } from '../lib/errors';
import type { AppBindings } from './context';

/** Routes (Hono's `METHOD /path/:param`) with a budget of their own; every other route is a read or a write. */
const ROUTE_BUDGETS: Record<string, BudgetName> = {
  'POST /v1/carts': 'guestCarts',
  'POST /v1/price-quotes': 'quotes',
  'POST /v1/checkout': 'checkout',
  'POST /v1/store-reservations': 'reservations',
};

/** Routes that also spend a budget of the resource they name, whoever calls (a guessable secret per resource). */
const RESOURCE_BUDGETS: Record<string, { budget: BudgetName; param: string }> = {
  'POST /v1/orders/:id/pickup': { budget: 'pickupCodes', param: 'id' },
};

/**
 * Spends this request from its caller's budget, and from its resource's where
 * the route has one; over either, 429 `rate_limited` with `Retry-After`.
 * The caller is the token's subject, else the client IP. Ops and POS tokens
 * spend budgets of their own, whatever the route.
 */
export async function enforceRateLimits(c: Context<AppBindings>, principal: Principal | null): Promise<void> {
  const route = `${c.req.method} ${c.req.routePath}`;
  await spend(c, callerBudget(principal, c.req.method, route), callerKey(c, principal));
  const resource = RESOURCE_BUDGETS[route];
  if (resource) await spend(c, resource.budget, `${resource.param}:${c.req.param(resource.param) ?? ''}`);
}

function callerBudget(principal: Principal | null, method: string, route: string): BudgetName {
  if (principal?.kind === 'user' && (principal.role === 'ops' || principal.role === 'pos')) return principal.role;
  return ROUTE_BUDGETS[route] ?? (method === 'GET' || method === 'HEAD' ? 'reads' : 'writes');
}

function callerKey(c: Context<AppBindings>, principal: Principal | null): string {
  if (principal?.kind === 'user') return `user:${principal.sub}`;
  if (principal?.kind === 'guest') return `guest:${principal.cartId}`;
  // Cloudflare sets CF-Connecting-IP on every request and overwrites one a client sends.
  return `ip:${c.req.header('cf-connecting-ip') ?? 'unknown'}`;
}

async function spend(c: Context<AppBindings>, budget: BudgetName, key: string): Promise<void> {
  const { budgets, retryAfterSeconds } = c.var.config.rateLimits;
  const { success } = await budgets[budget].limit({ key });
  if (!success) {
    throw new ApiError('rate_limited', `Too many requests (${budget}); retry after ${retryAfterSeconds} seconds.`, {
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }
}
