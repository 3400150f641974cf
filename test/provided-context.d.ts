// What the test stack (test/setup/test-stack.ts) provides to the tests of its project.
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    dbWsProxy: string;
    /** Base URL of the control server that stops and starts this project's Postgres (outage tests). */
    postgresControlUrl: string;
    /** A real JWKS endpoint standing in for the identity provider, and the private key it publishes. */
    jwksUrl: string;
    jwksPrivateKey: string;
    /** The local stand-in for Stripe's API (test/setup/card-gateway-stub.ts) and the secret key it accepts. */
    cardGatewayUrl: string;
    cardGatewaySecret: string;
    /** Scripted webhook receivers (test/setup/webhook-receiver.ts). */
    webhookReceiverUrl: string;
  }
}
