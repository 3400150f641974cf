import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { ZodType } from 'zod';
import { authorize } from '../auth/guard';
import type { Access } from '../auth/principal';
import { ProblemSchema } from '../http/problem';

const REQUIRED_BEARER: Record<string, string[]>[] = [{ bearer: [] }];
const OPTIONAL_BEARER: Record<string, string[]>[] = [{}, { bearer: [] }];

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

/**
 * Declares a route together with who may call it. The access rule becomes the
 * route's guard and is published in the OpenAPI document as `x-access`, so
 * "every route declares who may call it" is checked by a test over the document.
 */
export function defineRoute<const R extends RouteConfig>(access: Access, spec: R) {
  return createRoute({
    ...spec,
    middleware: [authorize(access)],
    security: access === 'public' ? OPTIONAL_BEARER : REQUIRED_BEARER,
    'x-access': access === 'public' ? ['public'] : [...access],
    responses: {
      ...spec.responses,
      400: problem('Invalid input; `errors` lists each offending field.'),
      ...(access === 'public' ? {} : { 401: problem('Missing or invalid token.'), 403: problem('Role not allowed.') }),
    },
  });
}

export const jsonBody = <S extends ZodType>(schema: S) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});

export const jsonResponse = <S extends ZodType>(description: string, schema: S) => ({
  description,
  content: { 'application/json': { schema } },
});
