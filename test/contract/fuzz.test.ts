import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uniqueId } from '../helpers/api';
import {
  admittedToken,
  documentedOperations,
  rawFetch,
  type DocumentedOperation,
  type OpenApiDocument,
  type SchemaObject,
} from './operations';

/**
 * Requests derived from `/openapi.json`: every operation, with bodies, query
 * strings and path parameters shaped like its schemas, any part of which may
 * be swapped for a payload that once reached Postgres or the runtime (NUL, a
 * lone surrogate, a huge string, an out-of-range number, a deep or huge array,
 * the wrong type, a forged cursor). Whatever the request, the answer is never
 * a 5xx. Seeded and bounded: the same requests on every run, in seconds.
 */
const SEED = 20261201;
const RUNS_PER_OPERATION = 20;

const HUGE_STRING = 'x'.repeat(200_000);
const deepArray = (depth: number): unknown => (depth === 0 ? [] : [deepArray(depth - 1)]);

const NASTY_TEXT = ['\u0000', 'a\u0000b', '\ud800', 'x\udfffy', HUGE_STRING, '', ' ', '%', '../..'];
const forgedCursor = (key: unknown) => btoa(JSON.stringify(key));
const FORGED_CURSORS = [
  forgedCursor(['2026-01-01T00:00:00.000Z', 'ord\u0000x']),
  forgedCursor(['-271821-04-20T00:00:00.000Z', 'ord_1']),
  forgedCursor(['not-a-date', 'ord_1']),
  forgedCursor([1, 2]),
  forgedCursor({}),
  'bm90IGpzb24=',
  '!!!',
];
/*
 * Numbers out of range (huge, negative, fractional, past 2^31) are in the
 * generated bodies too: every integer and amount in the schemas is bounded.
 */
const NASTY_NUMBERS = [-1, 0, 0.5, -0.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, 1e21, 1e308, -1e308];
const NASTY_VALUES: unknown[] = [
  ...NASTY_TEXT,
  ...NASTY_NUMBERS,
  ...FORGED_CURSORS,
  null,
  true,
  {},
  [],
  { a: { b: { c: '\u0000' } } },
  deepArray(400),
  Array.from({ length: 20_000 }, (_, i) => i),
  Array.from({ length: 5_000 }, () => ({ sku: '\u0000', quantity: 2 ** 31 })),
];
const nasty = fc.constantFrom(...NASTY_VALUES);

/** Strings this API takes somewhere: a request built from them gets past validation now and then. */
const PLAUSIBLE_TEXT = fc.constantFrom(
  'SKU-1',
  'store-probe',
  'ABC234',
  'USD',
  'US',
  'web',
  'ship',
  'pickup',
  'test',
  '2026-01-01T00:00:00Z',
  'a@b.co',
  'Ana Diaz',
);

function resolve(doc: OpenApiDocument, schema: SchemaObject): SchemaObject {
  const name = schema.$ref?.split('/').at(-1);
  return name ? resolve(doc, doc.components?.schemas?.[name] ?? {}) : schema;
}

/** A value shaped like `schema`, any part of which may instead be a nasty one. */
function valueOf(doc: OpenApiDocument, given: SchemaObject, depth = 0): fc.Arbitrary<unknown> {
  const shaped = shapedBy(doc, resolve(doc, given), depth);
  return fc.oneof({ weight: 4, arbitrary: shaped }, { weight: 1, arbitrary: nasty });
}

function shapedBy(doc: OpenApiDocument, schema: SchemaObject, depth: number): fc.Arbitrary<unknown> {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((part) => shapedBy(doc, resolve(doc, part), depth)));
  if (schema.allOf) return shapedBy(doc, Object.assign({}, ...schema.allOf.map((part) => resolve(doc, part))), depth);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (depth > 6) return fc.constant(null);
  switch (type) {
    case 'object': {
      const properties = Object.entries(schema.properties ?? {});
      const shape = Object.fromEntries(properties.map(([key, part]) => [key, valueOf(doc, part, depth + 1)]));
      return fc.record(shape, { requiredKeys: schema.required ?? [] });
    }
    case 'array':
      return fc.array(valueOf(doc, schema.items ?? {}, depth + 1), { maxLength: 3 });
    case 'string':
      return fc.oneof(PLAUSIBLE_TEXT, fc.string({ maxLength: 12, unit: 'binary' }));
    case 'integer':
      return fc.integer({ min: 0, max: 20 });
    case 'number':
      return fc.double({ min: -200, max: 200, noNaN: true });
    case 'boolean':
      return fc.boolean();
    default:
      return fc.anything({ maxDepth: 2 });
  }
}

/**
 * One body each operation accepts: most generated bodies fail validation
 * early, so the payloads that only hurt past it (NUL reaching Postgres) are
 * also planted, one at a time, into a body that is otherwise valid.
 */
const VALID_BODIES: Record<string, unknown> = {
  addCartItem: { sku: 'SKU-FUZZ', quantity: 1 },
  setCartItemQuantity: { quantity: 1 },
  addCartCoupon: { code: 'FUZZ10' },
  setCartFulfillment: { type: 'pickup', locationId: 'store-fuzz' },
  mergeGuestCart: { guestToken: 'not-a-token' },
  upsertProducts: { products: [{ sku: 'SKU-FUZZ', title: 'Tee', description: 'Soft', attributes: { colour: 'red' } }] },
  upsertLocations: {
    locations: [
      { id: 'store-fuzz', name: 'Fuzz', kind: 'store', lat: 0, lng: 0, pickup: true, curbside: false, shipFrom: true },
    ],
  },
  checkoutCart: {
    payment: { method: 'test' },
    contact: { email: 'a@b.co', phone: '5551234' },
    shippingAddress: { name: 'Ana', line1: '1 N State St', city: 'Chicago', postalCode: '60602', country: 'US' },
  },
  applyInventoryMovements: {
    movements: [
      { id: 'mv-fuzz', sku: 'SKU-FUZZ', locationId: 'store-fuzz', type: 'adjust', quantity: 1, reason: 'fuzz' },
    ],
  },
  setStockPolicies: {
    policies: [{ sku: 'SKU-FUZZ', locationId: 'store-fuzz', safetyStock: 0, lowStockThreshold: 0 }],
  },
  pickUpOrder: { pickupCode: 'ABC234' },
  createPriceQuote: { lines: [{ sku: 'SKU-FUZZ', quantity: 1 }], coupons: ['FUZZ10'] },
  upsertPriceBooks: { priceBooks: [{ id: 'book-fuzz', currency: 'USD', customerGroup: 'staff' }] },
  upsertPrices: {
    prices: [{ priceBookId: 'book-fuzz', sku: 'SKU-FUZZ', unitAmount: 100, minQuantity: 1, compareAtAmount: 200 }],
  },
  upsertPromotions: {
    promotions: [
      {
        id: 'promo-fuzz',
        name: 'Fuzz',
        kind: 'percent_off',
        value: 100,
        target: { scope: 'order' },
        code: 'FUZZ10',
        usageLimit: 100,
        perCustomerLimit: 1,
        conditions: { minSubtotal: 100, customerGroups: ['staff'] },
      },
    ],
  },
  createStoreReservation: { locationId: 'store-fuzz', items: [{ sku: 'SKU-FUZZ', quantity: 1 }] },
};

/** Every place in `value` a payload can go: each member, item and the value itself. */
function placesIn(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [path];
  const children = Object.entries(value).map(([key, child]) =>
    placesIn(child, [...path, Array.isArray(value) ? Number(key) : key]),
  );
  return [path, ...children.flat()];
}

function planted(value: unknown, path: (string | number)[], payload: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return payload;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  copy[head] = planted(copy[head], rest, payload);
  return copy;
}

/** The valid body with one of its places holding a nasty payload, or a string in it carrying one. */
function plantedIn(valid: unknown): fc.Arbitrary<unknown> {
  const places = placesIn(valid);
  const carried = fc.constantFrom('\u0000', '\ud800', '\udfff', HUGE_STRING);
  return fc.oneof(
    fc.tuple(fc.constantFrom(...places), nasty).map(([path, payload]) => planted(valid, path, payload)),
    fc.tuple(fc.constantFrom(...places), carried).map(([path, text]) => planted(valid, path, `ok${text}`)),
  );
}

/** A path segment or query value: plausible, nasty, or bytes that are not UTF-8 or not text. */
const urlValue = fc.oneof(
  PLAUSIBLE_TEXT.map(encodeURIComponent),
  fc.constantFrom('a\u0000b', HUGE_STRING.slice(0, 4000), ' ', '../..', ...FORGED_CURSORS).map(encodeURIComponent),
  fc.constantFrom('%00', '%ED%A0%80', '%FF', '%', '%E0%A4%A', String(2 ** 31), '-1', '0.5', '1e308'),
);

interface FuzzRequest {
  path: string;
  query: string;
  body?: unknown;
}

function requestsFor(doc: OpenApiDocument, { path, operation }: DocumentedOperation): fc.Arbitrary<FuzzRequest> {
  const parameters = operation.parameters ?? [];
  const segments = fc.tuple(...parameters.filter((p) => p.in === 'path').map(() => urlValue));
  const queries = parameters.filter((p) => p.in === 'query');
  const query = fc.tuple(
    ...queries.map((p) => fc.option(urlValue.map((value) => `${encodeURIComponent(p.name)}=${value}`))),
  );
  const schema = operation.requestBody?.content['application/json']?.schema;
  const valid = VALID_BODIES[operation.operationId];
  const shaped = schema ? valueOf(doc, schema) : fc.constant(undefined);
  const body = valid === undefined ? shaped : fc.oneof({ weight: 3, arbitrary: plantedIn(valid) }, shaped);
  return fc.record({ segments, query, body }).map(({ segments: values, query: pairs, body: value }) => {
    let index = 0;
    return {
      path: path.replace(/\{[^}]+\}/g, () => values[index++] as string),
      query: pairs.filter((pair) => pair !== null).join('&'),
      body: value,
    };
  });
}

describe('every operation in /openapi.json', () => {
  it('answers no 5xx to generated bad input: content, text, numbers, arrays, types, cursors and ids', async () => {
    const { doc, operations } = await documentedOperations();
    expect(operations.length).toBeGreaterThan(30);
    for (const documented of operations) {
      const token = await admittedToken(documented.operation);
      await fc.assert(
        fc.asyncProperty(requestsFor(doc, documented), fc.boolean(), async (request, asJson) => {
          const headers: Record<string, string> = { 'idempotency-key': uniqueId('fuzz'), 'x-channel': 'web' };
          if (token) headers.authorization = `Bearer ${token}`;
          if (request.body !== undefined) headers['content-type'] = asJson ? 'application/json' : 'text/plain';
          const res = await rawFetch(request.query ? `${request.path}?${request.query}` : request.path, {
            method: documented.method,
            headers,
            body: request.body === undefined ? undefined : JSON.stringify(request.body),
          });
          const sent = `${documented.method} ${request.path}?${request.query} ${JSON.stringify(request.body)?.slice(0, 300)}`;
          expect(res.status, `${documented.label}: ${sent} → ${JSON.stringify(res.body).slice(0, 300)}`).toBeLessThan(
            500,
          );
        }),
        { seed: SEED, numRuns: RUNS_PER_OPERATION, endOnFailure: true },
      );
    }
  });
});
