import { writeFileSync } from 'node:fs';
import { appOpenApiDocument, CLIENT_SCHEMA_FILE, clientSchemaSource } from './lib/client-schema';

// Regenerates the typed client's types after a change to a route or a schema; a test fails until it is run.
writeFileSync(CLIENT_SCHEMA_FILE, await clientSchemaSource(await appOpenApiDocument()));
console.log(`wrote ${CLIENT_SCHEMA_FILE}`);
