import { useEffect, useState } from 'preact/hooks';
import { call } from '../shared/api';
import { money } from '../shared/money';
import { href } from '../shared/route';
import { ProblemView, Show, TableHead, useAction, useAsync } from '../shared/ui';
import { STOCK_LABELS, stockAt, useLiveAvailability, useShop } from './state';
import { StockBadge } from './stock-badge';
import { StorePicker } from './store-picker';

/** One product: its price and promotions for the quantity chosen, live stock here and nearby, cart, wish list, "notify me". */
export function ProductPage({ sku }: { sku: string }) {
  const { api, setCart, store, locations } = useShop();
  const [quantity, setQuantity] = useState(1);
  const product = useAsync(() => call(api.GET('/v1/products/{sku}', { params: { path: { sku } } })), [sku]);
  const quote = useAsync(
    () => call(api.POST('/v1/price-quotes', { body: { lines: [{ sku, quantity }] } })),
    [sku, quantity],
  );
  const wishlist = useAsync(() => call(api.GET('/v1/wishlist')), [sku]);
  const levels = useLiveAvailability(sku);
  const cartAction = useAction();
  const wishAction = useAction();
  const notifyAction = useAction();
  const [added, setAdded] = useState<string>();
  const [notified, setNotified] = useState(false);

  useEffect(() => {
    // Recently viewed, on every channel; a failure here is no reason to bother the shopper.
    void api.POST('/v1/me/views', { body: { sku } }).catch(() => undefined);
  }, [sku]);

  const addToCart = async () => {
    const cart = await cartAction.run(() => call(api.POST('/v1/cart/items', { body: { sku, quantity } })));
    if (cart) {
      setCart(cart);
      setAdded(`Added ${quantity} to the cart.`);
    }
  };
  const wished = wishlist.data?.items.some((item) => item.sku === sku) ?? false;
  const toggleWish = async () => {
    const params = { params: { path: { sku } } };
    const next = await wishAction.run(() =>
      call(wished ? api.DELETE('/v1/wishlist/items/{sku}', params) : api.PUT('/v1/wishlist/items/{sku}', params)),
    );
    if (next) wishlist.set(next);
  };
  const notifyMe = async () => {
    const body = { sku, ...(store && { locationId: store.id }) };
    if (await notifyAction.run(() => call(api.POST('/v1/back-in-stock', { body })))) setNotified(true);
  };
  const stock = levels && stockAt(levels, store, locations);
  const stores = locations.filter((location) => location.kind === 'store');

  return (
    <Show value={product} label="Loading the product…">
      {(item) => (
        <article class="product" aria-labelledby="product-title">
          <p>
            <a href={href()}>← Catalog</a>
          </p>
          <h1 id="product-title">{item.title}</h1>
          <p class="muted">{item.sku}</p>
          {item.description && <p>{item.description}</p>}
          <StorePicker />
          <div class="card">
            <StockBadge levels={levels} />
            <label class="quantity">
              Quantity
              <input
                type="number"
                min={1}
                max={999}
                value={quantity}
                onInput={(e) => setQuantity(Math.max(1, Math.min(999, Number(e.currentTarget.value) || 1)))}
              />
            </label>
            <Show value={quote} label="Pricing…">
              {(priced) => (
                <div class="quote" aria-live="polite">
                  <p class="price">
                    {money(priced.totals.total, priced.currency)}
                    {quantity > 1 && <span class="muted"> for {quantity}</span>}
                    {priced.lines[0]?.compareAtAmount && (
                      <s class="muted"> {money(priced.lines[0].compareAtAmount * quantity, priced.currency)}</s>
                    )}
                  </p>
                  {priced.appliedPromotions.length > 0 && (
                    <ul class="promotions" aria-label="Promotions">
                      {priced.appliedPromotions.map((promotion) => (
                        <li key={promotion.id}>
                          {promotion.name}: −{money(promotion.amount, priced.currency)}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              )}
            </Show>
            <div class="row">
              <button type="button" class="primary" onClick={addToCart} disabled={cartAction.pending}>
                Add to cart
              </button>
              <button
                type="button"
                aria-pressed={wished}
                onClick={toggleWish}
                disabled={wishAction.pending || !wishlist.data}
              >
                {wished ? '♥ On your wish list' : '♡ Add to wish list'}
              </button>
              {stock?.status === 'out_of_stock' && (
                <button type="button" onClick={notifyMe} disabled={notifyAction.pending || notified}>
                  {notified ? 'We will tell you when it is back' : 'Notify me when it is back'}
                </button>
              )}
            </div>
            {added && (
              <p role="status">
                {added} <a href={href('cart')}>View the cart</a>
              </p>
            )}
            {cartAction.error && <ProblemView error={cartAction.error} />}
            {wishAction.error && <ProblemView error={wishAction.error} />}
            {notifyAction.error && <ProblemView error={notifyAction.error} />}
          </div>
          {levels && (
            <section class="card" aria-labelledby="stores-title">
              <h2 id="stores-title">In the stores</h2>
              <table>
                <TableHead columns={['Store', 'Stock']} />
                <tbody>
                  {stores.map((location) => {
                    const level = levels.find((entry) => entry.locationId === location.id);
                    return (
                      <tr key={location.id}>
                        <td>{location.name}</td>
                        <td>{level ? `${STOCK_LABELS[level.status]} (${level.available})` : 'Not sold here'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </section>
          )}
        </article>
      )}
    </Show>
  );
}
