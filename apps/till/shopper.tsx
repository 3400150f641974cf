/**
 * The shopper's 360 view at the till (`GET /v1/pos/customers?email=|phone=`): profile, points and tier,
 * store credit, wish list with this store's stock, the open online cart, recent orders of every channel and
 * pickups waiting here. The cashier can attach the shopper to the sale or start a return of an order.
 */
import { useState } from 'preact/hooks';
import { apiClient, call, type Schemas } from '../shared/api';
import { money } from '../shared/money';
import { href } from '../shared/route';
import type { Session } from '../shared/session';
import { Loading, ProblemView, TableHead, useAction } from '../shared/ui';
import { reaching, type Connection } from './connection';

type Customer = Schemas['Customer360'];

export interface ShopperProps {
  session: Session;
  connection: Connection;
  currency: string;
  found: Customer[] | undefined;
  onFound: (customers: Customer[]) => void;
  onAttach: (customer: Customer) => void;
}

export function Shopper({ session, connection, currency, found, onFound, onAttach }: ShopperProps) {
  const [query, setQuery] = useState('');
  const lookup = useAction();

  const search = async (event: Event) => {
    event.preventDefault();
    const value = query.trim();
    if (!value) return;
    // An @ makes it an email; anything else is a phone number (E.164, e.g. +13125550100).
    const params = { query: value.includes('@') ? { email: value } : { phone: value } };
    const answer = await lookup.run(() =>
      reaching(call(apiClient(session.token).GET('/v1/pos/customers', { params }))),
    );
    if (answer) onFound(answer.customers);
  };

  return (
    <section aria-labelledby="shopper-title">
      <h1 id="shopper-title">Find a shopper</h1>
      <form class="card row" onSubmit={search} role="search" aria-label="Find a shopper">
        <label class="grow">
          Email or phone
          <input
            name="q"
            type="search"
            value={query}
            autoComplete="off"
            placeholder="ada@example.com or +13125550100"
            onInput={(e) => setQuery(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="primary" disabled={lookup.pending || !connection.online}>
          Look up
        </button>
      </form>
      {!connection.online && <p class="muted">Looking shoppers up needs the till online.</p>}
      {lookup.pending && <Loading label="Looking up…" />}
      {lookup.error && <ProblemView error={lookup.error} />}
      {found && found.length === 0 && !lookup.pending && <p role="status">No shopper with that email or phone.</p>}
      {found?.map((customer) => (
        <Customer360View
          key={customer.id}
          customer={customer}
          currency={currency}
          onAttach={() => onAttach(customer)}
        />
      ))}
    </section>
  );
}

function Customer360View({
  customer,
  currency,
  onAttach,
}: {
  customer: Customer;
  currency: string;
  onAttach: () => void;
}) {
  const titleId = `customer-${customer.id}`;
  return (
    <article class="card customer" aria-labelledby={titleId}>
      <header class="row">
        <div class="grow">
          <h2 id={titleId}>{customer.name ?? customer.email ?? customer.id}</h2>
          <p class="muted">
            {[customer.email, customer.phone].filter(Boolean).join(' · ')} · <code>{customer.id}</code>
          </p>
        </div>
        <button type="button" class="primary" onClick={onAttach}>
          Attach to sale
        </button>
      </header>
      <dl class="facts">
        <div>
          <dt>Points</dt>
          <dd data-testid="loyalty-balance">{customer.loyalty.balance}</dd>
        </div>
        <div>
          <dt>Tier</dt>
          <dd>{customer.loyalty.tier?.name ?? 'None'}</dd>
        </div>
        <div>
          <dt>Store credit</dt>
          <dd>{money(customer.storeCredit, currency)}</dd>
        </div>
      </dl>
      <div class="columns">
        <section aria-labelledby={`${titleId}-cart`}>
          <h3 id={`${titleId}-cart`}>Online cart</h3>
          {customer.cart.lines.length === 0 ? (
            <p class="muted">Empty.</p>
          ) : (
            <table aria-label="Online cart">
              <tbody>
                {customer.cart.lines.map((line) => (
                  <tr key={line.sku}>
                    <td>
                      {line.title}
                      <br />
                      <span class="muted">{line.sku}</span>
                    </td>
                    <td>× {line.quantity}</td>
                    <td class="num">{money(line.lineTotal, currency)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={2}>
                    Total
                  </th>
                  <td class="num">{money(customer.cart.totals.total, currency)}</td>
                </tr>
              </tfoot>
            </table>
          )}
        </section>
        <section aria-labelledby={`${titleId}-wish`}>
          <h3 id={`${titleId}-wish`}>Wish list</h3>
          {customer.wishlist.length === 0 ? (
            <p class="muted">Empty.</p>
          ) : (
            <table aria-label="Wish list">
              <tbody>
                {customer.wishlist.map((item) => (
                  <tr key={item.sku}>
                    <td>
                      {item.title}
                      <br />
                      <span class="muted">{item.sku}</span>
                    </td>
                    <td>
                      <span class={`status ${item.available > 0 ? 'in_stock' : 'out_of_stock'}`}>
                        {item.available > 0 ? `${item.available} here` : 'None here'}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
      <section aria-labelledby={`${titleId}-orders`}>
        <h3 id={`${titleId}-orders`}>Recent orders</h3>
        <OrdersTable orders={customer.recentOrders} label="Recent orders" returnable />
      </section>
      {customer.pickupsHere.length > 0 && (
        <section aria-labelledby={`${titleId}-pickups`}>
          <h3 id={`${titleId}-pickups`}>Waiting for pickup here</h3>
          <OrdersTable orders={customer.pickupsHere} label="Pickups here" />
          <a href={href('pickups')}>Go to pickups</a>
        </section>
      )}
    </article>
  );
}

const RETURNABLE = new Set(['picked_up', 'shipped', 'completed', 'partially_returned']);

export function OrdersTable({
  orders,
  label,
  returnable = false,
}: {
  orders: Schemas['Order'][];
  label: string;
  returnable?: boolean;
}) {
  if (orders.length === 0) return <p class="muted">None.</p>;
  return (
    <table aria-label={label}>
      <TableHead
        columns={[
          'Order',
          'Channel',
          'Status',
          { label: 'Total', num: true },
          'Placed',
          { label: 'Actions', hidden: true },
        ]}
      />
      <tbody>
        {orders.map((order) => (
          <tr key={order.id}>
            <td>{order.number}</td>
            <td>{order.channel}</td>
            <td>{order.status.replace(/_/g, ' ')}</td>
            <td class="num">{money(order.totals.total, order.currency)}</td>
            <td>{new Date(order.createdAt).toLocaleString('en-US')}</td>
            {returnable && (
              <td>
                {RETURNABLE.has(order.status) && (
                  <a href={href('returns', order.id)}>
                    Return <span class="visually-hidden">order {order.number}</span>
                  </a>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
