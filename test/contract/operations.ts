import { env, exports } from 'cloudflare:workers';
import { signGuestToken } from '../../src/auth/tokens';
import type { CallerRole } from '../../src/domain/roles';
import { api, uniqueId } from '../helpers/api';
import { tokenFor } from '../helpers/tokens';

export interface SchemaObject {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, SchemaObject>;
  required?: string[];
  items?: SchemaObject;
  enum?: unknown[];
  anyOf?: SchemaObject[];
  oneOf?: SchemaObject[];
  allOf?: SchemaObject[];
  additionalProperties?: boolean | SchemaObject;
  default?: unknown;
}
export interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: SchemaObject;
}
export interface ResponseObject {
  content?: Record<string, { schema: SchemaObject }>;
}
export interface Operation {
  operationId: string;
  tags?: string[];
  'x-access': string[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: SchemaObject }> };
  responses: Record<string, ResponseObject>;
}
export interface DocumentedOperation {
  label: string;
  method: string;
  path: string;
  operation: Operation;
}
export interface OpenApiDocument {
  tags?: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

/** Every operation `/openapi.json` documents, with the document for resolving its `$ref`s. */
export async function documentedOperations(): Promise<{ doc: OpenApiDocument; operations: DocumentedOperation[] }> {
  const doc = (await api<OpenApiDocument>('/openapi.json')).body;
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      label: `${operation.operationId} (${method.toUpperCase()} ${path})`,
      method: method.toUpperCase(),
      path,
      operation,
    })),
  );
  return { doc, operations };
}

/** A fresh token of `role` (a till's at a store no test stocks). */
export async function tokenOf(role: CallerRole): Promise<string> {
  if (role === 'guest') return signGuestToken(uniqueId('guest'), env.SIGNING_SECRET);
  return tokenFor({ role, sub: uniqueId(role), loc: 'store-probe' });
}

/** A token the operation admits (its first role), or none for a public one. */
export async function admittedToken(operation: Operation): Promise<string | undefined> {
  const [first] = operation['x-access'];
  if (!first || first === 'public') return undefined;
  return tokenOf(first as CallerRole);
}

/** Calls the Worker with exactly the headers and body given: no Content-Type is added. */
export async function rawFetch(
  path: string,
  init: { method: string; headers: Record<string, string>; body?: BodyInit },
) {
  const response = await exports.default.fetch(`https://aisle.test${path}`, init);
  const text = await response.text();
  const isJson = /json/.test(response.headers.get('content-type') ?? '');
  return { status: response.status, headers: response.headers, body: isJson && text ? JSON.parse(text) : text };
}
