import { useEffect, useState } from 'preact/hooks';
import { renderSVG } from 'uqr';
import { call, type Schemas } from '../shared/api';
import { money } from '../shared/money';
import { ORDER_STATUS_LABELS } from '../shared/order-status';
import { href } from '../shared/route';
import { ProblemView, Show, TableHead, useAction, useAsync } from '../shared/ui';
import { useShop } from './state';

type Order = Schemas['Order'];

// An order has no live feed: while a pickup is on its way to the shopper, the page asks again this often.
const REFRESH_MS = 3000;
const WAITING: Schemas['OrderStatus'][] = ['placed', 'ready_for_pickup'];

export function OrderPage({ id }: { id: string }) {
  const { api } = useShop();
  const order = useAsync(() => call(api.GET('/v1/orders/{id}', { params: { path: { id } } })), [id]);
  const waiting = order.data && order.data.fulfillment.type !== 'ship' && WAITING.includes(order.data.status);
  useEffect(() => {
    if (!waiting) return undefined;
    const timer = setInterval(() => {
      void call(api.GET('/v1/orders/{id}', { params: { path: { id } } })).then(order.set, () => undefined);
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [waiting, id]);
  return (
    <Show value={order} label="Loading the order…">
      {(current) => <OrderView order={current} onChange={order.set} />}
    </Show>
  );
}

function OrderView({ order, onChange }: { order: Order; onChange: (order: Order) => void }) {
  const { locations } = useShop();
  const store = locations.find((location) => location.id === order.fulfillment.locationId);
  const collect = order.fulfillment.type === 'pickup' || order.fulfillment.type === 'curbside';
  return (
    <article aria-labelledby="order-title">
      <p>
        <a href={href('orders')}>← Your orders</a>
      </p>
      <h1 id="order-title">Order {order.number}</h1>
      <p>
        <span class="status order-status" data-status={order.status} role="status">
          {ORDER_STATUS_LABELS[order.status]}
        </span>{' '}
        <span class="muted">
          {order.channel} · {new Date(order.createdAt).toLocaleString()}
        </span>
      </p>
      {collect && (
        <section class="card pickup" aria-labelledby="pickup-title">
          <h2 id="pickup-title">
            {order.fulfillment.type === 'curbside' ? 'Curbside pickup' : 'Pickup'} at{' '}
            {store?.name ?? order.fulfillment.locationId}
          </h2>
          {order.fulfillment.pickupCode && (
            <p>
              Pickup code: <strong class="pickup-code">{order.fulfillment.pickupCode}</strong>
            </p>
          )}
          {order.pickupPass && WAITING.includes(order.status) && <PickupPass pass={order.pickupPass} />}
          {order.fulfillment.type === 'curbside' && order.status === 'ready_for_pickup' && (
            <Arrival order={order} onChange={onChange} />
          )}
        </section>
      )}
      <section class="card" aria-labelledby="lines-title">
        <h2 id="lines-title">Items</h2>
        <table>
          <TableHead columns={['SKU', 'Quantity', 'Total']} />
          <tbody>
            {order.lines.map((line) => (
              <tr key={line.sku}>
                <td>{line.sku}</td>
                <td>{line.quantity}</td>
                <td>{money(line.lineTotal, order.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          Total <strong>{money(order.totals.total, order.currency)}</strong>
          {order.totals.discount > 0 && (
            <span class="muted"> (saved {money(order.totals.discount, order.currency)})</span>
          )}
        </p>
      </section>
    </article>
  );
}

/** The signed pickup pass as a QR code the till scans (it verifies the signature offline). */
function PickupPass({ pass }: { pass: string }) {
  const [source] = useState(() => `data:image/svg+xml,${encodeURIComponent(renderSVG(pass, { border: 2 }))}`);
  return (
    <figure class="pickup-pass">
      <img src={source} width={240} height={240} alt="QR code of the signed pickup pass; show it at the till" />
      <figcaption class="muted">Show this at the till, or tell them the code.</figcaption>
    </figure>
  );
}

function Arrival({ order, onChange }: { order: Order; onChange: (order: Order) => void }) {
  const { api } = useShop();
  const [spot, setSpot] = useState('');
  const action = useAction();
  if (order.fulfillment.arrivedAt)
    return <p role="status">The store knows you are here{order.fulfillment.spot && ` (${order.fulfillment.spot})`}.</p>;
  const arrive = async (event: Event) => {
    event.preventDefault();
    const next = await action.run(() =>
      call(api.POST('/v1/orders/{id}/arrived', { params: { path: { id: order.id } }, body: spot ? { spot } : {} })),
    );
    if (next) onChange(next);
  };
  return (
    <form class="row" onSubmit={arrive}>
      <label class="grow">
        Where you parked
        <input value={spot} onInput={(e) => setSpot(e.currentTarget.value)} placeholder="Bay 3" />
      </label>
      <button type="submit" class="primary" disabled={action.pending}>
        I am here
      </button>
      {action.error && <ProblemView error={action.error} />}
    </form>
  );
}
