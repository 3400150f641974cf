import { call } from '../shared/api';
import { money } from '../shared/money';
import { href } from '../shared/route';
import { Show, TableHead, useAsync } from '../shared/ui';
import { ORDER_STATUS_LABELS } from '../shared/order-status';
import { useShop } from './state';

const CHANNEL_LABELS: Record<string, string> = { web: 'Online', app: 'App', kiosk: 'Kiosk', pos: 'In store' };

/** The shopper's orders from every channel (online, app, kiosk and the tills), newest first. */
export function OrdersPage() {
  const { api } = useShop();
  const orders = useAsync(() => call(api.GET('/v1/orders', { params: { query: { limit: 50 } } })), []);
  return (
    <section aria-labelledby="orders-title">
      <h1 id="orders-title">Your orders</h1>
      <Show value={orders} label="Loading your orders…">
        {({ orders: list }) =>
          list.length === 0 ? (
            <p>No orders yet.</p>
          ) : (
            <table aria-label="Orders">
              <TableHead columns={['Order', 'Where', 'Status', 'Total', 'Date']} />
              <tbody>
                {list.map((order) => (
                  <tr key={order.id}>
                    <td>
                      <a href={href('order', order.id)}>{order.number}</a>
                    </td>
                    <td>{CHANNEL_LABELS[order.channel] ?? order.channel}</td>
                    <td>{ORDER_STATUS_LABELS[order.status]}</td>
                    <td>{money(order.totals.total, order.currency)}</td>
                    <td>{new Date(order.createdAt).toLocaleDateString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Show>
    </section>
  );
}
