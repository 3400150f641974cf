/**
 * The orders of every channel, as the console lists them. The API has no ops-wide order listing (`GET
 * /v1/orders` is the caller's own), so the list is read from the event log (`GET /v1/admin/events`): every
 * order, online or at a till, has an `order.placed` event with its number, channel, customer and total. Each
 * shown row is then read in full with `GET /v1/orders/{id}` (ops may read any order), which gives its current
 * status, fulfilment and location.
 */
import { call, type AisleClient, type Schemas } from '../shared/api';
import { CHANNELS, type Channel } from './format';

export interface PlacedOrder {
  id: string;
  number: string;
  channel: Channel;
  customerId: string | null;
  total: number;
  currency: string;
  placedAt: string;
}

const PAGE = 1000;
/** A dev or staging log is far smaller; the cap keeps a runaway read from hanging the page. */
const MAX_PAGES = 50;

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The order an `order.placed` event announces, or null when its data is not what the catalog says. */
export function placedOrder(event: Schemas['Event']): PlacedOrder | null {
  const { data } = event;
  const id = text(data.orderId);
  const channel = CHANNELS.find((candidate) => candidate === data.channel);
  if (event.type !== 'order.placed' || !id || !channel || typeof data.total !== 'number') return null;
  return {
    id,
    number: text(data.number) ?? id,
    channel,
    customerId: text(data.customerId),
    total: data.total,
    currency: text(data.currency) ?? 'USD',
    placedAt: event.occurredAt,
  };
}

/** Every placed order in the log, newest first. */
export async function readPlacedOrders(client: AisleClient): Promise<PlacedOrder[]> {
  const orders: PlacedOrder[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const { events, next } = await call(
      client.GET('/v1/admin/events', { params: { query: { types: 'order.placed', limit: PAGE, after } } }),
    );
    for (const event of events) {
      const order = placedOrder(event);
      if (order) orders.push(order);
    }
    if (events.length < PAGE || !next) break;
    after = next;
  }
  return orders.reverse();
}

export interface OrderPage {
  orders: Schemas['Order'][];
  /** More candidates are left to look at. */
  more: boolean;
}

const BATCH = 25;

/**
 * The first `want` orders among `candidates` (newest first) that `keep` accepts, reading them in batches:
 * status and location are known only from the full order, so a filter on them reads on until the page is full.
 */
export async function pageOfOrders(
  candidates: PlacedOrder[],
  want: number,
  read: (id: string) => Promise<Schemas['Order']>,
  keep: (order: Schemas['Order']) => boolean,
): Promise<OrderPage> {
  const kept: Schemas['Order'][] = [];
  let next = 0;
  while (kept.length < want && next < candidates.length) {
    const batch = candidates.slice(next, next + BATCH);
    next += batch.length;
    const orders = await Promise.all(batch.map((candidate) => read(candidate.id)));
    kept.push(...orders.filter(keep));
  }
  return { orders: kept.slice(0, want), more: kept.length > want || next < candidates.length };
}
