import { z } from '@hono/zod-openapi';
import { ROLES } from '../domain/roles';
import { IdSchema } from './common';

export const DevTokenBodySchema = z
  .object({
    role: z.enum(ROLES),
    sub: IdSchema.optional().describe('The subject; `cus_demo`, `pos_demo` or `ops_demo` (by role) when omitted'),
    loc: IdSchema.optional().describe('A till’s location id (required for `pos`)'),
    grp: IdSchema.optional().describe('A customer group'),
  })
  .refine((body) => body.role !== 'pos' || body.loc !== undefined, {
    path: ['loc'],
    message: 'a pos token needs the till’s location (`loc`)',
  })
  .openapi('DevTokenRequest');

export const DevTokenSchema = z
  .object({
    token: z.string().describe('An HS256 bearer token shaped like the identity provider’s'),
    expiresAt: z.string().datetime().describe('When it expires (UTC)'),
  })
  .openapi('DevToken');
