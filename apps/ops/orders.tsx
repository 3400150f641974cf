import { useRef, useState } from 'preact/hooks';
import { apiClient, call, type AisleClient, type Schemas } from '../shared/api';
import { money } from '../shared/money';
import type { Session } from '../shared/session';
import { ProblemView, Show, TableHead, useAction, useAsync } from '../shared/ui';
import { addDays, CHANNEL_LABELS, CHANNELS, ORDER_STATUSES, utcTime, type Channel } from './format';
import { ORDER_STATUS_LABELS, type OrderStatus } from '../shared/order-status';

const PAGE_SIZE = 25;

interface Filters {
  channel: Channel | '';
  status: OrderStatus | '';
  locationId: string;
  /** UTC days, both included. */
  from: string;
  to: string;
}
const NO_FILTERS: Filters = { channel: '', status: '', locationId: '', from: '', to: '' };

type OrderPage = { orders: Schemas['Order'][]; nextCursor: string | null };

/** A page of `GET /v1/admin/orders`: the filters as its query, the days as `[from, to)` instants. */
function readOrders(client: AisleClient, filters: Filters, cursor?: string): Promise<OrderPage> {
  const query = {
    channel: filters.channel || undefined,
    status: filters.status || undefined,
    locationId: filters.locationId || undefined,
    from: filters.from ? `${filters.from}T00:00:00Z` : undefined,
    to: filters.to ? `${addDays(filters.to, 1)}T00:00:00Z` : undefined,
    limit: PAGE_SIZE,
    cursor,
  };
  return call(client.GET('/v1/admin/orders', { params: { query } }));
}

export function Orders({ session }: { session: Session }) {
  const client = apiClient(session.token);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  // The filters a "Show more" answer belongs to: one arriving after they changed is dropped.
  const shown = useRef(filters);
  shown.current = filters;
  const page = useAsync(() => readOrders(client, filters), [filters]);
  const more = useAction();
  const locations = useAsync(() => call(client.GET('/v1/locations')), []);
  const change = (patch: Partial<Filters>) => {
    more.clear();
    setFilters({ ...filters, ...patch });
  };
  const showMore = async (loaded: OrderPage) => {
    if (!loaded.nextCursor) return;
    const asked = filters;
    const next = await more.run(() => readOrders(client, asked, loaded.nextCursor ?? undefined));
    if (next && shown.current === asked)
      page.set({ orders: [...loaded.orders, ...next.orders], nextCursor: next.nextCursor });
  };

  return (
    <section aria-labelledby="orders-title">
      <div class="row heading-row">
        <h1 id="orders-title">Orders</h1>
        <button type="button" onClick={page.reload} disabled={page.loading}>
          Refresh
        </button>
      </div>
      <p class="muted">
        Every channel, newest first. Days are UTC; a till’s offline sale counts from when it was uploaded.
      </p>
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
                {ORDER_STATUS_LABELS[status]}
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
          <input
            type="date"
            value={filters.from}
            max={filters.to || undefined}
            onChange={(e) => change({ from: e.currentTarget.value })}
          />
        </label>
        <label>
          Placed to
          <input
            type="date"
            value={filters.to}
            min={filters.from || undefined}
            onChange={(e) => change({ to: e.currentTarget.value })}
          />
        </label>
        <button type="button" class="link" onClick={() => change(NO_FILTERS)}>
          Clear filters
        </button>
      </form>
      <Show value={page} label="Loading orders…">
        {(loaded) => (
          <>
            <OrderTable orders={loaded.orders} locations={locations.data?.locations ?? []} />
            {more.error && <ProblemView error={more.error} onRetry={() => void showMore(loaded)} />}
            {loaded.nextCursor && (
              <button type="button" onClick={() => void showMore(loaded)} disabled={more.pending || page.loading}>
                {more.pending ? 'Loading…' : 'Show more'}
              </button>
            )}
          </>
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
        <TableHead
          columns={[
            'Order',
            'Placed',
            'Channel',
            'Status',
            'Fulfilment',
            'Location',
            'Customer',
            { label: 'Total', num: true },
          ]}
        />
        <tbody>
          {orders.map((order) => (
            <tr key={order.id}>
              <th scope="row">{order.number}</th>
              <td>{utcTime(order.createdAt)}</td>
              <td>{CHANNEL_LABELS[order.channel]}</td>
              <td>
                <span class={`status order-${order.status}`}>{ORDER_STATUS_LABELS[order.status]}</span>
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
