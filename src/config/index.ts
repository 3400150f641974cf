import type { ReservationCaps } from '../domain/orders';
import { DEFAULT_RETURN_WINDOW_DAYS } from '../domain/returns';
import type { AuthConfig, DatabaseSettings, PaymentSettings } from './settings';
import {
  RATE_LIMIT_BINDINGS,
  RATE_LIMIT_PERIOD_SECONDS,
  type BudgetName,
  type CorsSettings,
  type RateLimitSettings,
} from './limits';

export type { AuthConfig, DatabaseSettings, PaymentSettings } from './settings';
export type { BudgetName, CorsSettings, RateLimitSettings } from './limits';

export interface AppConfig {
  database: DatabaseSettings;
  auth: AuthConfig;
  /** Key for the tokens Aisle signs itself (guest cart tokens, quotes). */
  signingSecret: string;
  /** A non-empty cart untouched this long is reported as abandoned once. */
  cartAbandonAfterMs: number;
  payments: PaymentSettings;
  /** What one customer may reserve in store without paying. */
  reservationCaps: ReservationCaps;
  /** RETURN_WINDOW_DAYS: how long after it reached the shopper an order may be returned. */
  returnWindowDays: number;
  /** Test environments only: lets a request ask for a failure at a named point of the checkout saga. */
  faultInjection: boolean;
  /** The rate-limit budgets, one Rate Limiting binding each. */
  rateLimits: RateLimitSettings;
  /** The browser origins allowed by CORS. */
  cors: CorsSettings;
}

const DEFAULT_CART_ABANDON_AFTER_SECONDS = 3600;
/** RESERVATION_MAX_ACTIVE, RESERVATION_MAX_UNITS_PER_LINE, RESERVATION_MAX_UNITS_PER_SKU when unset. */
const DEFAULT_RESERVATION_CAPS: ReservationCaps = { activeReservations: 3, unitsPerLine: 5, unitsPerSku: 5 };
const DEFAULT_CARD_GATEWAY_URL = 'https://api.stripe.com';

export class ConfigError extends Error {
  constructor(missing: string[]) {
    super(`Aisle is misconfigured: ${missing.join('; ')}. See README "Configuration".`);
    this.name = 'ConfigError';
  }
}

const parsed = new WeakMap<Env, AppConfig>();

/**
 * Reads and checks the bindings once per environment object, so a missing
 * secret is reported by name instead of surfacing as a confusing request error.
 */
export function loadConfig(env: Env): AppConfig {
  const cached = parsed.get(env);
  if (cached) return cached;
  const config = parseConfig(env);
  parsed.set(env, config);
  return config;
}

function parseConfig(env: Env): AppConfig {
  const missing: string[] = [];
  if (!env.DATABASE_URL) missing.push('DATABASE_URL is not set');
  if (!env.SIGNING_SECRET || env.SIGNING_SECRET.length < 16) {
    missing.push('SIGNING_SECRET must be set to at least 16 characters');
  }
  if (!env.AUTH_JWKS_URL && !env.AUTH_SECRET) missing.push('set AUTH_JWKS_URL (production) or AUTH_SECRET (HS256)');
  if (!env.READ_MODEL) missing.push('the READ_MODEL KV binding is missing');
  const abandonAfterSeconds = Number(env.CART_ABANDON_AFTER_SECONDS || DEFAULT_CART_ABANDON_AFTER_SECONDS);
  if (!Number.isInteger(abandonAfterSeconds) || abandonAfterSeconds <= 0) {
    missing.push('CART_ABANDON_AFTER_SECONDS must be a positive whole number of seconds');
  }
  const rateLimits = parseRateLimits(env, missing);
  const testPaymentsEnabled = env.ALLOW_TEST_PAYMENTS === 'enabled';
  const cors = parseCors(env.CORS_ORIGINS, testPaymentsEnabled, missing);
  const reservationCaps = parseReservationCaps(env, missing);
  const returnWindowDays = Number(env.RETURN_WINDOW_DAYS || DEFAULT_RETURN_WINDOW_DAYS);
  if (!Number.isInteger(returnWindowDays) || returnWindowDays <= 0) {
    missing.push('RETURN_WINDOW_DAYS must be a positive whole number of days');
  }
  if (missing.length > 0) throw new ConfigError(missing);
  return {
    database: { url: env.DATABASE_URL, wsProxy: env.DB_WS_PROXY || undefined },
    auth: {
      jwksUrl: env.AUTH_JWKS_URL || undefined,
      hsSecret: env.AUTH_SECRET || undefined,
      issuer: env.AUTH_ISSUER || undefined,
      audience: env.AUTH_AUDIENCE || undefined,
    },
    signingSecret: env.SIGNING_SECRET,
    cartAbandonAfterMs: abandonAfterSeconds * 1000,
    payments: {
      cardGatewayUrl: env.PAYMENT_GATEWAY_URL || DEFAULT_CARD_GATEWAY_URL,
      cardGatewaySecret: env.PAYMENT_GATEWAY_SECRET || undefined,
      testPaymentsEnabled,
    },
    reservationCaps,
    returnWindowDays,
    faultInjection: env.FAULT_INJECTION === 'enabled',
    rateLimits,
    cors,
  };
}

function parseReservationCaps(env: Env, missing: string[]): ReservationCaps {
  const read = (name: string, value: string | undefined, fallback: number): number => {
    const parsed = Number(value || fallback);
    if (!Number.isInteger(parsed) || parsed <= 0) missing.push(`${name} must be a positive whole number`);
    return parsed;
  };
  return {
    activeReservations: read(
      'RESERVATION_MAX_ACTIVE',
      env.RESERVATION_MAX_ACTIVE,
      DEFAULT_RESERVATION_CAPS.activeReservations,
    ),
    unitsPerLine: read(
      'RESERVATION_MAX_UNITS_PER_LINE',
      env.RESERVATION_MAX_UNITS_PER_LINE,
      DEFAULT_RESERVATION_CAPS.unitsPerLine,
    ),
    unitsPerSku: read(
      'RESERVATION_MAX_UNITS_PER_SKU',
      env.RESERVATION_MAX_UNITS_PER_SKU,
      DEFAULT_RESERVATION_CAPS.unitsPerSku,
    ),
  };
}

/** One Rate Limiting binding per budget (wrangler.toml `[[ratelimits]]`); each one missing is named. */
function parseRateLimits(env: Env, missing: string[]): RateLimitSettings {
  const budgets: Partial<Record<BudgetName, RateLimit>> = {};
  for (const [budget, binding] of Object.entries(RATE_LIMIT_BINDINGS) as [BudgetName, keyof Env][]) {
    const limiter = env[binding] as RateLimit | undefined;
    if (typeof limiter?.limit !== 'function') missing.push(`the ${binding} rate limit binding is missing`);
    else budgets[budget] = limiter;
  }
  return { budgets: budgets as Record<BudgetName, RateLimit>, retryAfterSeconds: RATE_LIMIT_PERIOD_SECONDS };
}

/** CORS_ORIGINS, comma-separated; `*` (any origin) only where test payments are, i.e. dev and staging. */
function parseCors(value: string | undefined, testPaymentsEnabled: boolean, missing: string[]): CorsSettings {
  const origins = (value ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  if (!origins.includes('*')) return { anyOrigin: false, origins: new Set(origins) };
  if (!testPaymentsEnabled) missing.push('CORS_ORIGINS may be "*" only where ALLOW_TEST_PAYMENTS is enabled');
  return { anyOrigin: true };
}
