import { describe, expect, it } from 'vitest';
import { uniqueId } from '../helpers/api';
import { admittedToken, documentedOperations, rawFetch } from './operations';

/** Bodies a browser form, `curl -d` or a careless client sends instead of JSON. */
const NOT_JSON: { kind: string; body: () => BodyInit; contentType?: string }[] = [
  { kind: 'text/plain', body: () => '{}', contentType: 'text/plain' },
  { kind: 'a form', body: () => 'a=1', contentType: 'application/x-www-form-urlencoded' },
  {
    kind: 'multipart',
    body: () => {
      const form = new FormData();
      form.set('a', '1');
      return form;
    },
  },
  { kind: 'no Content-Type', body: () => new TextEncoder().encode('{}') },
];

describe('every route that takes a body', () => {
  it('answers 415 unsupported_media_type, documented, to text/plain, a form, multipart and no Content-Type', async () => {
    const { operations } = await documentedOperations();
    const withBody = operations.filter(({ operation }) => operation.requestBody !== undefined);
    expect(withBody.length).toBeGreaterThan(15);
    for (const { label, method, path, operation } of withBody) {
      const token = await admittedToken(operation);
      for (const variant of NOT_JSON) {
        const headers: Record<string, string> = { 'idempotency-key': uniqueId('key'), 'x-channel': 'web' };
        if (token) headers.authorization = `Bearer ${token}`;
        if (variant.contentType) headers['content-type'] = variant.contentType;
        const res = await rawFetch(
          path.replace(/\{[^}]+\}/g, () => uniqueId('id')),
          {
            method,
            headers,
            body: variant.body(),
          },
        );
        const what = `${label} with ${variant.kind}`;
        expect({ status: res.status, code: res.body?.code }, what).toEqual({
          status: 415,
          code: 'unsupported_media_type',
        });
        expect(res.headers.get('content-type'), what).toBe('application/problem+json');
        expect(operation.responses['415'], `${what}: 415 is documented`).toBeDefined();
      }
    }
  });
});
