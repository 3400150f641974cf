import { call } from '../shared/api';
import { money } from '../shared/money';
import { href } from '../shared/route';
import { ProblemView, Show, useAction, useAsync } from '../shared/ui';
import { useShop } from './state';

/** The shopper's wallet (points on every channel, store credit), wish list and "notify me" subscriptions. */
export function AccountPage() {
  const { api, store } = useShop();
  const loyalty = useAsync(() => call(api.GET('/v1/loyalty')), []);
  const wishlist = useAsync(
    () => call(api.GET('/v1/wishlist', { params: { query: store ? { locationId: store.id } : {} } })),
    [store?.id],
  );
  const alerts = useAsync(() => call(api.GET('/v1/back-in-stock')), []);
  const action = useAction();
  const stopWaiting = async (id: string) => {
    if (await action.run(() => call(api.DELETE('/v1/back-in-stock/{id}', { params: { path: { id } } }))))
      alerts.reload();
  };
  return (
    <section aria-labelledby="account-title">
      <h1 id="account-title">Your account</h1>
      <section class="card" aria-labelledby="wallet-title">
        <h2 id="wallet-title">Loyalty</h2>
        <Show value={loyalty} label="Loading your points…">
          {(wallet) => (
            <>
              <p class="balance">
                <strong data-testid="loyalty-balance">{wallet.balance}</strong> points
                {wallet.tier && <span> · {wallet.tier.name}</span>} · store credit {money(wallet.storeCredit, 'USD')}
              </p>
              {wallet.entries.length > 0 && (
                <ul aria-label="Recent points">
                  {wallet.entries.slice(0, 10).map((entry) => (
                    <li key={entry.id}>
                      {new Date(entry.createdAt).toLocaleDateString()} · {entry.kind}
                      {entry.points !== undefined && ` ${entry.points > 0 ? '+' : ''}${entry.points} points`}
                      {entry.channel && ` · ${entry.channel}`}
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </Show>
      </section>
      <section class="card" aria-labelledby="wishlist-title">
        <h2 id="wishlist-title">Wish list</h2>
        <Show value={wishlist} label="Loading your wish list…">
          {({ items }) =>
            items.length === 0 ? (
              <p>Nothing yet: add products from their page.</p>
            ) : (
              <ul aria-label="Wish list">
                {items.map((item) => (
                  <li key={item.sku}>
                    <a href={href('product', item.sku)}>{item.title}</a>
                    {item.unitAmount !== null && ` · ${money(item.unitAmount, 'USD')}`} · {item.available} available
                    {store ? ` at ${store.name}` : ''}
                  </li>
                ))}
              </ul>
            )
          }
        </Show>
      </section>
      <section class="card" aria-labelledby="alerts-title">
        <h2 id="alerts-title">Back-in-stock alerts</h2>
        <Show value={alerts} label="Loading your alerts…">
          {({ subscriptions }) =>
            subscriptions.length === 0 ? (
              <p>No alerts.</p>
            ) : (
              <ul aria-label="Back-in-stock alerts">
                {subscriptions.map((alert) => (
                  <li key={alert.id}>
                    <a href={href('product', alert.sku)}>{alert.sku}</a> · {alert.status}
                    {alert.locationId && ` at ${alert.locationId}`}{' '}
                    <button type="button" class="link" onClick={() => stopWaiting(alert.id)}>
                      Remove alert for {alert.sku}
                    </button>
                  </li>
                ))}
              </ul>
            )
          }
        </Show>
        {action.error && <ProblemView error={action.error} />}
      </section>
    </section>
  );
}
