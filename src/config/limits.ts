// The rate-limit budgets (README "Limits"). Each is a Workers Rate Limiting
// binding declared in wrangler.toml (`[[ratelimits]]`, in every env), whose
// `simple = { limit, period }` is the budget; this table only names them.

/** A route class (or a kind of caller) with a budget of its own. */
export type BudgetName =
  'reads' | 'writes' | 'guestCarts' | 'quotes' | 'checkout' | 'reservations' | 'pickupCodes' | 'ops' | 'pos';

export const RATE_LIMIT_BINDINGS = {
  reads: 'RL_READS',
  writes: 'RL_WRITES',
  guestCarts: 'RL_GUEST_CARTS',
  quotes: 'RL_QUOTES',
  checkout: 'RL_CHECKOUT',
  reservations: 'RL_RESERVATIONS',
  pickupCodes: 'RL_PICKUP_CODES',
  ops: 'RL_OPS',
  pos: 'RL_POS',
} as const satisfies Record<BudgetName, keyof Env>;

/** The `period` every `[[ratelimits]]` binding is declared with; a caller over budget is told to retry after it. */
export const RATE_LIMIT_PERIOD_SECONDS = 60;

export interface RateLimitSettings {
  budgets: Record<BudgetName, RateLimit>;
  retryAfterSeconds: number;
}

/** CORS_ORIGINS: `*` (every origin; test environments only) or the exact origins allowed. */
export type CorsSettings = { anyOrigin: true } | { anyOrigin: false; origins: ReadonlySet<string> };
