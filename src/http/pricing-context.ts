import type { Context } from 'hono';
import type { PricingContext } from '../domain/pricing';
import type { AppBindings } from './context';

/** The caller's pricing facts: channel and customer group come from the token, time from the clock. */
export function pricingContextOf(c: Context<AppBindings>, currency: string): PricingContext {
  const principal = c.var.principal;
  return {
    currency,
    channel: c.var.channel,
    customerGroup: principal?.kind === 'user' ? principal.group : null,
    now: new Date().toISOString(),
  };
}
