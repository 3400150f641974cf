import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { timing } from 'hono/timing';
import { ConfigError, loadConfig } from './config';
import type { AppBindings } from './http/context';
import { cors } from './http/cors';
import { securityHeaders } from './http/security-headers';
import { isDatabaseUnavailable } from './db/errors';
import { databasePerRequest } from './http/request-scope';
import { problemResponse } from './http/problem';
import { ApiError, type ErrorCode } from './lib/errors';
import { validationError } from './lib/validation';
import { availabilityRoutes } from './routes/availability';
import { cartRoutes } from './routes/cart';
import { shopperRoutes } from './routes/shopper';
import { catalogRoutes } from './routes/catalog';
import { checkoutRoutes } from './routes/checkout';
import { devTokenRoutes } from './routes/dev-tokens';
import { docsPage } from './routes/docs';
import { guestCartRoutes } from './routes/guest-carts';
import { eventRoutes, registerEventCatalog } from './routes/events';
import { healthRoutes } from './routes/health';
import { inventoryRoutes } from './routes/inventory';
import { kpiRoutes } from './routes/kpis';
import { loyaltyRoutes } from './routes/loyalty';
import { meRoutes } from './routes/me';
import { orderRoutes } from './routes/orders';
import { posRoutes } from './routes/pos';
import { posCatalogRoutes } from './routes/pos-catalog';
import { posCustomerRoutes } from './routes/pos-customers';
import { posOrderRoutes } from './routes/pos-orders';
import { privacyRoutes } from './routes/privacy';
import { outboxAdminRoutes } from './routes/outbox-admin';
import { webhookRoutes } from './routes/webhooks';
import { priceRoutes } from './routes/prices';
import { pricingAdminRoutes } from './routes/pricing-admin';
import { recommendationRoutes } from './routes/recommendations';
import { returnRoutes } from './routes/returns';
import { storeReservationRoutes } from './routes/store-reservations';
import { backInStockRoutes } from './routes/back-in-stock';
import { TAGS } from './routes/define';

const MAX_BODY_BYTES = 1024 * 1024;

/** What the OpenAPI document says besides its operations (also what the typed client is generated with). */
export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Aisle commerce API',
    version: '1.0.0',
    description: 'One cart, one price, one stock figure and one order history across web, app, kiosk and POS.',
  },
  servers: [
    { url: 'https://api.aisle.example', description: 'Production (placeholder)' },
    { url: 'http://localhost:8787', description: 'Local development (`npm run dev`)' },
  ],
  tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
};

const withConfig = createMiddleware<AppBindings>(async (c, next) => {
  c.set('config', loadConfig(c.env));
  await next();
});

/**
 * Hono and its validators refuse some requests themselves (a body that is not
 * JSON, a Content-Type the route does not take): each is the caller's mistake,
 * answered with the code its status carries, never as a 500.
 */
const FRAMEWORK_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'validation_failed',
  401: 'unauthorized',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

function frameworkProblem(error: HTTPException): ApiError {
  const code = FRAMEWORK_CODES[error.status];
  if (code === 'unsupported_media_type') {
    return new ApiError(code, 'Send the body as JSON, with `Content-Type: application/json`.');
  }
  return new ApiError(code ?? 'validation_failed', error.message || 'The request is not valid.');
}

function toProblem(error: Error, c: Context<AppBindings>): Response {
  if (error instanceof ApiError) return problemResponse(error, c);
  if (error instanceof HTTPException) return problemResponse(frameworkProblem(error), c);
  if (isDatabaseUnavailable(error)) {
    console.error(`request ${c.var.requestId}: Postgres unavailable`, error.message);
    return problemResponse(
      new ApiError('unavailable', 'The system of record is unreachable; retry shortly.', {
        headers: { 'retry-after': '5' },
      }),
      c,
    );
  }
  if (error instanceof ConfigError) {
    console.error(error.message);
    return problemResponse(new ApiError('unavailable', 'The service is misconfigured.'), c);
  }
  console.error(`request ${c.var.requestId} failed`, error);
  return problemResponse(
    new ApiError('internal', 'Something went wrong on our side; quote the request id when reporting it.'),
    c,
  );
}

export function createApp() {
  const app = new OpenAPIHono<AppBindings>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, result.target);
    },
  });

  app.use(requestId({ limitLength: 128 }));
  // A WebSocket upgrade's 101 response has immutable headers.
  app.use(timing({ totalDescription: 'total', enabled: (c) => c.res.status !== 101 }));
  app.use(withConfig);
  app.use(cors);
  app.use(securityHeaders);
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ApiError('payload_too_large', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
      },
    }),
  );
  app.use(databasePerRequest);

  app.route('/', healthRoutes);
  app.route('/', catalogRoutes);
  app.route('/', guestCartRoutes);
  app.route('/', cartRoutes);
  app.route('/', shopperRoutes);
  app.route('/', checkoutRoutes);
  app.route('/', orderRoutes);
  app.route('/', storeReservationRoutes);
  app.route('/', backInStockRoutes);
  app.route('/', posRoutes);
  app.route('/', returnRoutes);
  app.route('/', loyaltyRoutes);
  app.route('/', posOrderRoutes);
  app.route('/', outboxAdminRoutes);
  app.route('/', webhookRoutes);
  app.route('/', eventRoutes);
  app.route('/', kpiRoutes);
  app.route('/', inventoryRoutes);
  app.route('/', availabilityRoutes);
  app.route('/', priceRoutes);
  app.route('/', pricingAdminRoutes);
  app.route('/', posCatalogRoutes);
  app.route('/', privacyRoutes);
  app.route('/', meRoutes);
  app.route('/', posCustomerRoutes);
  app.route('/', recommendationRoutes);
  app.route('/', devTokenRoutes);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  registerEventCatalog(app.openAPIRegistry);
  app.doc31('/openapi.json', OPENAPI_DOCUMENT);
  app.get('/docs', docsPage('/openapi.json'));

  app.notFound((c) => problemResponse(new ApiError('not_found', `No route for ${c.req.method} ${c.req.path}.`), c));
  app.onError(toProblem);
  return app;
}

/** The OpenAPI document `GET /openapi.json` serves, built without serving it (the typed client is generated from it). */
export function openApiDocument() {
  return createApp().getOpenAPI31Document(OPENAPI_DOCUMENT);
}
