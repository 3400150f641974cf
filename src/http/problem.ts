import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ERROR_STATUS, problemBody, type ApiError, type ErrorCode } from '../lib/errors';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

/**
 * RFC 9457 problem details for `error`, written through the context so the
 * headers middleware already set (request id, timing) are kept.
 */
export function problemResponse(error: ApiError, c: Context): Response {
  const requestId: unknown = c.get('requestId');
  c.status(error.status as ContentfulStatusCode);
  for (const [name, value] of Object.entries(error.options.headers ?? {})) c.header(name, value);
  c.header('content-type', 'application/problem+json');
  return c.body(JSON.stringify(problemBody(error, typeof requestId === 'string' ? requestId : undefined)));
}
