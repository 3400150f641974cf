import { useMemo, useRef, useState } from 'preact/hooks';
import { apiClient, call, type Schemas } from '../shared/api';
import { money } from '../shared/money';
import type { Session } from '../shared/session';
import { Show, useAsync } from '../shared/ui';
import {
  CHANNEL_LABELS,
  CHANNELS,
  ORDER_STATUSES,
  STATUS_LABELS,
  utcTime,
  type Channel,
  type OrderStatus,
} from './format';
import { pageOfOrders, readPlacedOrders, type PlacedOrder } from './order-log';

const PAGE_SIZE = 25;

interface Filters {
  channel: Channel | '';
  status: OrderStatus | '';
  locationId: string;
  from: string;
  to: string;
}
const NO_FILTERS: Filters = { channel: '', status: '', locationId: '', from: '', to: '' };

/** Channel and days are in the log; status and location only in the full order. */
const inLog = (filters: Filters) => (order: PlacedOrder) =>
  (!filters.channel || order.channel === filters.channel) &&
  (!filters.from || order.placedAt.slice(0, 10) >= filters.from) &&
  (!filters.to || order.placedAt.slice(0, 10) <= filters.to);
const inFull = (filters: Filters) => (order: Schemas['Order']) =>
  (!filters.status || order.status === filters.status) &&
  (!filters.locationId || order.fulfillment.locationId === filters.locationId);

export function Orders({ session }: { session: Session }) {
  const client = apiClient(session.token);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [want, setWant] = useState(PAGE_SIZE);
  const placed = useAsync(() => readPlacedOrders(client), []);
  const locations = useAsync(() => call(client.GET('/v1/locations')), []);
  // Full orders read once per visit to the screen; the log's reload (Refresh) reads them again.
  const full = useRef(new Map<string, Promise<Schemas['Order']>>());
  const read = (id: string) => {
    let order = full.current.get(id);
    if (!order) {
      order = call(client.GET('/v1/orders/{id}', { params: { path: { id } } }));
      full.current.set(id, order);
      order.catch(() => full.current.delete(id));
    }
    return order;
  };
  const candidates = useMemo(() => placed.data?.filter(inLog(filters)), [placed.data, filters]);
  const page = useAsync(
    () =>
      candidates ? pageOfOrders(candidates, want, read, inFull(filters)) : Promise.resolve({ orders: [], more: false }),
    [candidates, want],
  );
  const change = (patch: Partial<Filters>) => {
    setFilters({ ...filters, ...patch });
    setWant(PAGE_SIZE);
  };
  const refresh = () => {
    full.current.clear();
    placed.reload();
  };

  return (
    <section aria-labelledby="orders-title">
      <div class="row heading-row">
        <h1 id="orders-title">Orders</h1>
        <button type="button" onClick={refresh} disabled={placed.loading}>
          Refresh
        </button>
      </div>
      <p class="muted">Every channel, newest first, from the event log.</p>
      <form class="card filters" aria-label="Filter orders" onSubmit={(event) => event.preventDefault()}>
        <label>
          Channel
          <select value={filters.channel} onChange={(e) => change({ channel: e.currentTarget.value as Channel | '' })}>
            <option value="">All channels</option>
            {CHANNELS.map((channel) => (
              <option key={channel} value={channel}>
                {CHANNEL_LABELS[channel]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select
            value={filters.status}
            onChange={(e) => change({ status: e.currentTarget.value as OrderStatus | '' })}
          >
            <option value="">Any status</option>
            {ORDER_STATUSES.map((status) => (
              <option key={status} value={status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Location
          <select value={filters.locationId} onChange={(e) => change({ locationId: e.currentTarget.value })}>
            <option value="">Any location</option>
            {locations.data?.locations.map((location) => (
              <option key={location.id} value={location.id}>
                {location.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Placed from
          <input type="date" value={filters.from} onChange={(e) => change({ from: e.currentTarget.value })} />
        </label>
        <label>
          Placed to
          <input type="date" value={filters.to} onChange={(e) => change({ to: e.currentTarget.value })} />
        </label>
        <button type="button" class="link" onClick={() => change(NO_FILTERS)}>
          Clear filters
        </button>
      </form>
      <Show value={placed} label="Reading the order log…">
        {() => (
          <Show value={page} label="Loading orders…">
            {({ orders, more }) => (
              <>
                <OrderTable orders={orders} locations={locations.data?.locations ?? []} />
                {more && (
                  <button type="button" onClick={() => setWant(want + PAGE_SIZE)} disabled={page.loading}>
                    {page.loading ? 'Loading…' : 'Show more'}
                  </button>
                )}
              </>
            )}
          </Show>
        )}
      </Show>
    </section>
  );
}

function OrderTable({ orders, locations }: { orders: Schemas['Order'][]; locations: Schemas['Location'][] }) {
  if (orders.length === 0) return <p>No order matches these filters.</p>;
  const nameOf = (id: string | undefined) => (id ? (locations.find((l) => l.id === id)?.name ?? id) : '—');
  return (
    <div class="table-wrap">
      <table aria-label="Orders">
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Placed</th>
            <th scope="col">Channel</th>
            <th scope="col">Status</th>
            <th scope="col">Fulfilment</th>
            <th scope="col">Location</th>
            <th scope="col">Customer</th>
            <th scope="col" class="num">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {orders.map((order) => (
            <tr key={order.id}>
              <th scope="row">{order.number}</th>
              <td>{utcTime(order.createdAt)}</td>
              <td>{CHANNEL_LABELS[order.channel]}</td>
              <td>
                <span class={`status order-${order.status}`}>{STATUS_LABELS[order.status]}</span>
              </td>
              <td>{order.fulfillment.type.replace('_', ' ')}</td>
              <td>{nameOf(order.fulfillment.locationId)}</td>
              <td>{order.customerId ?? 'guest'}</td>
              <td class="num">{money(order.totals.total, order.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
