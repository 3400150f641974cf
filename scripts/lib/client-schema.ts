import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from 'openapi-typescript';
import prettier from 'prettier';

/** The typed client's types, generated from the OpenAPI document and committed. */
export const CLIENT_SCHEMA_FILE = 'src/client/schema.d.ts';

/**
 * The app's OpenAPI document, built in Node: nothing the app imports needs the
 * Workers runtime. The module is named through a variable so that TypeScript
 * does not follow it: the app is type-checked against the Workers types
 * (tsconfig.json), the scripts against Node's (tsconfig.node.json).
 */
export async function appOpenApiDocument(): Promise<OpenAPI3> {
  const appModule: string = '../../src/app';
  const { openApiDocument } = (await import(appModule)) as { openApiDocument: () => OpenAPI3 };
  return openApiDocument();
}

/** What `npm run client:generate` writes to CLIENT_SCHEMA_FILE: the document's types, formatted as the repo is. */
export async function clientSchemaSource(document: OpenAPI3): Promise<string> {
  // A default makes a field optional to send, not always present (request bodies have defaults).
  const types = astToString(await openapiTS(document, { defaultNonNullable: false }));
  const header = `${COMMENT_HEADER.trimEnd()}\n// From the Aisle OpenAPI document: npm run client:generate.\n\n`;
  const options = await prettier.resolveConfig(CLIENT_SCHEMA_FILE);
  return prettier.format(header + types, { ...options, filepath: CLIENT_SCHEMA_FILE });
}
