import type { Database, Transaction } from '../db/client';
import { findOrder, listAllOrders, listCustomerOrders, type OrderFilters, type OrderRecord } from '../db/orders';
import { canSeeOrder, seesPickupCode, type OrderViewer } from '../domain/orders';
import { decodeTimeCursor, encodeTimeCursor, type TimeKey } from '../lib/cursor';
import { ApiError } from '../lib/errors';
import type { OrderView } from '../schemas/orders';
import { orderView } from './view';

/** What the order flows need from the request that runs them. */
export interface OrderDeps {
  env: Env;
  db: Database;
  signingSecret: string;
  /** Work that may finish after the response (marking an outbox task done). */
  waitUntil(work: Promise<unknown>): void;
}

export const orderNotFound = (id: string) => new ApiError('not_found', `No order ${id}.`);

/** The order as `viewer` is shown it; anyone who may not see it is told it does not exist. */
export function presentOrder(deps: Pick<OrderDeps, 'signingSecret'>, viewer: OrderViewer, order: OrderRecord) {
  return orderView(order, { pickupCode: seesPickupCode(viewer), signingSecret: deps.signingSecret });
}

/** The order if `viewer` may see it (`lock` as findOrder); anyone else is told it does not exist. */
export async function visibleOrder(
  db: Database | Transaction,
  viewer: OrderViewer,
  id: string,
  options: { lock?: boolean } = {},
): Promise<OrderRecord> {
  const order = await findOrder(db, id, options);
  if (!order || !canSeeOrder(viewer, order)) throw orderNotFound(id);
  return order;
}

export async function showOrder(deps: OrderDeps, viewer: OrderViewer, id: string): Promise<OrderView> {
  return presentOrder(deps, viewer, await visibleOrder(deps.db, viewer, id));
}

export interface OrderPage {
  orders: OrderView[];
  nextCursor: string | null;
}

interface PageRequest {
  cursor?: string;
  limit: number;
}

/** The customer's orders from every channel, newest first, a page at a time. */
export function listOrders(deps: OrderDeps, viewer: OrderViewer, page: PageRequest): Promise<OrderPage> {
  return pageOf(deps, viewer, page, (limit, before) => listCustomerOrders(deps.db, viewer.id, limit, before));
}

/** For ops: every channel's orders that pass `filters`, newest first, a page at a time. */
export function listEveryOrder(
  deps: OrderDeps,
  viewer: OrderViewer,
  query: PageRequest & OrderFilters,
): Promise<OrderPage> {
  const { cursor, limit, ...filters } = query;
  return pageOf(deps, viewer, { cursor, limit }, (rows, before) => listAllOrders(deps.db, filters, rows, before));
}

async function pageOf(
  deps: OrderDeps,
  viewer: OrderViewer,
  page: PageRequest,
  read: (limit: number, before: TimeKey | null) => Promise<OrderRecord[]>,
): Promise<OrderPage> {
  const before = page.cursor ? decodeTimeCursor(page.cursor) : null;
  // One more than asked for tells whether there is a next page.
  const rows = await read(page.limit + 1, before);
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  return {
    orders: await Promise.all(shown.map((order) => presentOrder(deps, viewer, order))),
    nextCursor: rows.length > page.limit && last ? encodeTimeCursor(last) : null,
  };
}
