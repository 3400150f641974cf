import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appOpenApiDocument, CLIENT_SCHEMA_FILE, clientSchemaSource } from '../../scripts/lib/client-schema';

// Building the app's document and generating the types took 5.2 s once while the Workers tests held both cores.
const GENERATION_TIMEOUT_MS = 30_000;

describe('the typed client', () => {
  it(
    `is generated from the current OpenAPI document (else: npm run client:generate)`,
    async () => {
      const generated = await clientSchemaSource(await appOpenApiDocument());
      expect(readFileSync(CLIENT_SCHEMA_FILE, 'utf8')).toBe(generated);
    },
    GENERATION_TIMEOUT_MS,
  );
});
