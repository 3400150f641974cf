import type { Context } from 'hono';
import { shopperNameOf } from '../auth/principal';
import { ApiError } from '../lib/errors';
import type { Shopper } from '../domain/shopper';
import type { AppBindings } from './context';

/** The shopper a customer or guest token acts for, priced at the request's channel and the token's group. */
export function shopperOf(c: Context<AppBindings>): Shopper {
  const principal = c.var.principal;
  const name = shopperNameOf(principal);
  if (name === null) throw new ApiError('unauthorized', 'A customer or guest cart token is needed.');
  const customer = principal?.kind === 'user' ? principal : null;
  return { name, customerId: customer?.sub ?? null, channel: c.var.channel, group: customer?.group ?? null };
}
