import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppBindings } from '../http/context';
import { userOf } from '../auth/principal';
import { flowDeps } from '../http/flow-deps';
import { timed } from '../http/timing';
import { adjustWallet } from '../loyalty/adjustments';
import { replaceProgram, showProgram } from '../loyalty/program';
import { showWallet } from '../loyalty/wallet-view';
import { PageQuerySchema } from '../schemas/common';
import { AdjustmentBodySchema, AdjustmentSchema, LoyaltyProgramSchema, LoyaltySchema } from '../schemas/loyalty';
import { defineRoute, jsonBody, jsonResponse } from './define';

const programResponse = { 200: jsonResponse('The program', LoyaltyProgramSchema) };

const putProgram = defineRoute(['ops'], {
  operationId: 'putLoyaltyProgram',
  method: 'put',
  path: '/v1/admin/loyalty',
  tag: 'Loyalty',
  summary: 'Set the loyalty program: earn rate, point value, tiers',
  description:
    'Orders earn `earn.points` per whole `earn.perAmount` minor units paid (other than with points or store credit), rounded down, times the tier’s `earnMultiplierBp` ÷ 10000, rounded down. A redeemed point is worth `pointValue` minor units. A customer’s tier is the one with the highest `minLifetimePoints` they reached. Tier ids and thresholds are unique.',
  request: jsonBody(LoyaltyProgramSchema),
  responses: programResponse,
  postgres: true,
});
const getProgram = defineRoute(['ops'], {
  operationId: 'getLoyaltyProgram',
  method: 'get',
  path: '/v1/admin/loyalty',
  tag: 'Loyalty',
  summary: 'The loyalty program (until one is set: nothing earned, points worth nothing, no tiers)',
  responses: programResponse,
  postgres: true,
});
const getLoyalty = defineRoute(['customer'], {
  operationId: 'getLoyalty',
  method: 'get',
  path: '/v1/loyalty',
  tag: 'Loyalty',
  summary: 'The caller’s points, tier and store credit, and their entries newest first',
  description: 'A customer who never earned anything sees zeros. The tier is the program’s for `lifetimePoints` now.',
  request: { query: PageQuerySchema },
  responses: { 200: jsonResponse('The wallet and a page of its entries', LoyaltySchema) },
  postgres: true,
});
const adjust = defineRoute(['ops'], {
  operationId: 'adjustLoyalty',
  method: 'post',
  path: '/v1/admin/loyalty/adjustments',
  tag: 'Loyalty',
  summary: 'Add or take a customer’s points and store credit by hand; idempotent by `adjustmentId`',
  description:
    'Answers one entry per dimension moved: `adjust` for points, `credit` or `debit` for store credit, all or nothing. Adjusted points are not lifetime points (they never change a tier). A repeat with the same `adjustmentId` and body answers the same entries and moves nothing (`Idempotent-Replayed: true`).',
  request: jsonBody(AdjustmentBodySchema),
  responses: { 201: jsonResponse('The adjustment and its entries', AdjustmentSchema) },
  problems: {
    insufficient_points: 'Taking more points than the customer has; nothing was moved (`balance` is what they have).',
    insufficient_store_credit:
      'Taking more store credit than the customer has; nothing was moved (`balance` is what they have).',
    idempotency_key_reused: 'This `adjustmentId` was used with a different body.',
  },
  postgres: true,
});

export const loyaltyRoutes = new OpenAPIHono<AppBindings>()
  .openapi(putProgram, async (c) =>
    c.json(await timed(c, 'db', () => replaceProgram(c.env, c.var.database(), c.req.valid('json'))), 200),
  )
  .openapi(getProgram, async (c) => c.json(await timed(c, 'db', () => showProgram(c.var.database())), 200))
  .openapi(getLoyalty, async (c) => {
    const customerId = userOf(c.var.principal).sub;
    const page = c.req.valid('query');
    return c.json(await timed(c, 'do', () => showWallet(c.env, c.var.database, customerId, page)), 200);
  })
  .openapi(adjust, async (c) => {
    const { adjustment, replayed } = await timed(c, 'db', () => adjustWallet(flowDeps(c), c.req.valid('json')));
    if (replayed) c.header('idempotent-replayed', 'true');
    return c.json(adjustment, 201);
  });
