import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ERROR_STATUS, problemBody, type ApiError, type ErrorCode } from '../lib/errors';

/** RFC 9457 problem details; `code` is the stable, machine-readable part. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string().describe('What went wrong, for a person'),
    code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
    instance: z.string().optional().describe('`urn:request:<X-Request-Id>`'),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('`validation_failed` (and some `unprocessable`): each offending field'),
    shortages: z
      .array(
        z.object({
          sku: z.string(),
          requested: z.number().int().min(1).max(999),
          available: z.number().int().min(0).max(1e12),
        }),
      )
      .optional()
      .describe('`out_of_stock`: every line that cannot be covered'),
  })
  .catchall(z.unknown())
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
