import { describe, expect, it } from 'vitest';
import { ROLES } from '../../src/domain/roles';
import { ERROR_STATUS, type ErrorCode } from '../../src/lib/errors';
import { api, uniqueId, type ApiResponse } from '../helpers/api';
import {
  admittedToken,
  documentedOperations,
  tokenOf,
  type DocumentedOperation,
  type Operation,
  type ResponseObject,
} from './operations';

const PROBLEM_JSON = 'application/problem+json';

/**
 * The unknown-id probe needs a body that passes validation, or it would only
 * test validation again: one per operation that has both a path parameter and
 * a body. A new such operation fails the matrix until it is given one here.
 */
const VALID_BODY: Record<string, unknown> = {
  setCartItemQuantity: { quantity: 1 },
  pickUpOrder: { pickupCode: 'ABC234' },
  createReturn: { returnId: 'probe-1', lines: [{ sku: 'PROBE-1', quantity: 1, disposition: 'restock' }] },
  markCustomerArrived: {},
  // Inactive, so the endpoint it creates (see CREATES_AT_UNKNOWN_ID) is never sent anything.
  putWebhookEndpoint: { url: 'https://127.0.0.1:9/probe', events: ['customer.redacted'], active: false },
};

/** Upserts by a caller-chosen id: an unknown id is created (201), which is the documented success. */
const CREATES_AT_UNKNOWN_ID = new Set(['putWebhookEndpoint']);

/** The codes a problem response declares: its schema narrows Problem's `code` to an enum. */
function declaredCodes(response: ResponseObject | undefined): string[] | undefined {
  const schema = response?.content?.[PROBLEM_JSON]?.schema;
  return schema?.allOf?.find((part) => part.properties?.code?.enum)?.properties?.code?.enum as string[] | undefined;
}

/** The path with a fresh value, unknown to the API, in every parameter. */
const concretePath = (path: string) => path.replace(/\{[^}]+\}/g, () => uniqueId('unknown'));
const hasPathParameters = (operation: Operation) => (operation.parameters ?? []).some((p) => p.in === 'path');

interface Probe {
  kind: string;
  token?: string;
  body?: unknown;
  /** The exact answer, when the kind of request decides it; otherwise any documented one. */
  expected?: { status: number; code: ErrorCode };
  /** An unknown id is never a success, whichever problem the operation answers it with. */
  fails?: boolean;
}

async function probesFor({ operation }: DocumentedOperation): Promise<Probe[]> {
  const access = operation['x-access'];
  const isPublic = access.includes('public');
  const withBody = operation.requestBody !== undefined;
  const probes: Probe[] = [
    {
      kind: 'no token',
      body: withBody ? {} : undefined,
      ...(!isPublic && { expected: { status: 401, code: 'unauthorized' as const } }),
    },
  ];
  if (!isPublic) {
    for (const role of [...ROLES, 'guest' as const].filter((candidate) => !access.includes(candidate))) {
      probes.push({
        kind: `as ${role}`,
        token: await tokenOf(role),
        body: withBody ? {} : undefined,
        expected: { status: 403, code: 'forbidden' },
      });
    }
  }
  if (withBody) {
    probes.push({
      kind: 'a bad body',
      token: await admittedToken(operation),
      body: 'not an object',
      expected: { status: 400, code: 'validation_failed' },
    });
  }
  if (hasPathParameters(operation)) {
    const operationId = operation.operationId ?? '';
    if (withBody && !(operationId in VALID_BODY)) throw new Error(`VALID_BODY needs a body for ${operationId}`);
    probes.push({
      kind: 'an unknown id',
      token: await admittedToken(operation),
      body: withBody ? VALID_BODY[operationId] : undefined,
      ...(CREATES_AT_UNKNOWN_ID.has(operationId) ? {} : { fails: true }),
    });
  }
  return probes;
}

/** The answer is one the operation documents: its status, and for a problem its code under that status. */
function expectDocumented(operation: Operation, res: ApiResponse, label: string): void {
  const declared = operation.responses[String(res.status)];
  expect(declared, `${label} answered undocumented ${res.status}: ${JSON.stringify(res.body)}`).toBeDefined();
  if (res.status < 400) return;
  expect(res.headers.get('content-type'), label).toBe(PROBLEM_JSON);
  expect(declaredCodes(declared), `${label}: code ${res.body?.code} under ${res.status}`).toContain(res.body?.code);
}

describe('the OpenAPI document', () => {
  it('names every operation once, under one tag the document describes', async () => {
    const { doc, operations } = await documentedOperations();
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(
      ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id)),
      ids.join(', '),
    ).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const tags = new Set((doc.tags ?? []).map((tag) => tag.name));
    for (const { label, operation } of operations) {
      expect(operation.tags, label).toHaveLength(1);
      expect(tags, label).toContain(operation.tags?.[0]);
    }
  });

  it('documents every error as problem+json whose codes all carry that status', async () => {
    const { operations } = await documentedOperations();
    for (const { label, operation } of operations) {
      const errors = Object.entries(operation.responses).filter(([status]) => Number(status) >= 400);
      expect(
        errors.map(([status]) => status),
        label,
      ).toContain('400');
      for (const [status, response] of errors) {
        const codes = declaredCodes(response);
        expect(codes, `${label} ${status}`).toEqual(expect.arrayContaining([expect.any(String)]));
        for (const code of codes ?? [])
          expect(ERROR_STATUS[code as ErrorCode], `${label} ${code}`).toBe(Number(status));
      }
    }
  });
});

describe('every operation', () => {
  it('answers only what it documents: without a token, to each role it refuses, to a bad body, for an unknown id', async () => {
    const { operations } = await documentedOperations();
    expect(operations.length).toBeGreaterThan(30);
    let probed = 0;
    for (const documented of operations) {
      for (const probe of await probesFor(documented)) {
        const label = `${documented.label} ${probe.kind}`;
        const res = await api(concretePath(documented.path), {
          method: documented.method,
          token: probe.token,
          body: probe.body,
        });
        expectDocumented(documented.operation, res, label);
        if (probe.expected) expect({ status: res.status, code: res.body?.code }, label).toEqual(probe.expected);
        if (probe.fails) expect(res.status, `${label} is not a success`).toBeGreaterThanOrEqual(400);
        probed += 1;
      }
    }
    expect(probed).toBeGreaterThan(100);
  });
});
