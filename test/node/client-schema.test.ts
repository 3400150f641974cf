import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appOpenApiDocument, CLIENT_SCHEMA_FILE, clientSchemaSource } from '../../scripts/lib/client-schema';

describe('the typed client', () => {
  it(`is generated from the current OpenAPI document (else: npm run client:generate)`, async () => {
    const generated = await clientSchemaSource(await appOpenApiDocument());
    expect(readFileSync(CLIENT_SCHEMA_FILE, 'utf8')).toBe(generated);
  });
});
