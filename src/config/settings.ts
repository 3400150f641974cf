// The settings each part of Aisle is built with, apart from where they come from (see loadConfig).

export interface DatabaseSettings {
  url: string;
  /**
   * `host:port` of a WebSocket-to-TCP relay in front of a plain Postgres (local
   * development and tests). Unset in production, where Neon's own proxy is used.
   */
  wsProxy?: string;
}

export interface PaymentSettings {
  /** PAYMENT_GATEWAY_URL; Stripe's API unless pointed elsewhere (tests point it at the local stub). */
  cardGatewayUrl: string;
  /** PAYMENT_GATEWAY_SECRET; without it card payments are unavailable, every other method still works. */
  cardGatewaySecret: string | undefined;
  /** ALLOW_TEST_PAYMENTS: the `test` method authorizes anything, so production turns it off. */
  testPaymentsEnabled: boolean;
}

export interface AuthConfig {
  /** Production: the identity provider's key set. */
  jwksUrl?: string;
  /** Local development and tests: HS256 shared secret. */
  hsSecret?: string;
  issuer?: string;
  audience?: string;
}
