import { useEffect, useState } from 'preact/hooks';
import { call, type Schemas } from '../shared/api';
import { money } from '../shared/money';
import { href } from '../shared/route';
import { Loading, ProblemView, useAction } from '../shared/ui';
import { useShop, type Cart } from './state';
import { StorePicker } from './store-picker';

const COUPON_REASONS: Record<Schemas['CouponIssue']['reason'], string> = {
  unknown: 'no such coupon',
  inactive: 'this coupon is not active',
  not_yet_valid: 'this coupon is not valid yet',
  expired: 'this coupon has expired',
  wrong_channel: 'not valid on this channel',
  wrong_customer_group: 'not valid for your customer group',
  usage_limit_reached: 'this coupon has been used up',
  below_minimum_subtotal: 'the cart is below the minimum',
};

export function couponReason(issue: Schemas['CouponIssue'], currency: string): string {
  const reason = COUPON_REASONS[issue.reason];
  return issue.minimumSubtotal === undefined ? reason : `${reason} of ${money(issue.minimumSubtotal, currency)}`;
}

const FEED_LABELS = { connecting: 'Connecting…', live: 'Live on all your devices', reconnecting: 'Reconnecting…' };

/** The cart, the same on every device of the shopper (each change arrives over the cart socket). */
export function CartPage() {
  const { cart, cartFeed } = useShop();
  return (
    <section aria-labelledby="cart-title">
      <div class="row">
        <h1 id="cart-title" class="grow">
          Your cart
        </h1>
        <span class="muted" role="status">
          {FEED_LABELS[cartFeed]}
        </span>
      </div>
      {cart ? <CartBody cart={cart} /> : <Loading label="Loading the cart…" />}
    </section>
  );
}

function CartBody({ cart }: { cart: Cart }) {
  const { api, setCart } = useShop();
  const action = useAction();
  const write = async (work: () => Promise<Cart>) => {
    const next = await action.run(work);
    if (next) setCart(next);
  };
  const setQuantity = (sku: string, quantity: number) =>
    write(() => call(api.PUT('/v1/cart/items/{sku}', { params: { path: { sku } }, body: { quantity } })));
  const remove = (sku: string) => write(() => call(api.DELETE('/v1/cart/items/{sku}', { params: { path: { sku } } })));

  if (cart.lines.length === 0) {
    return (
      <div class="card">
        <p>The cart is empty.</p>
        <a href={href()}>Browse the catalog</a>
        {action.error && <ProblemView error={action.error} />}
      </div>
    );
  }
  return (
    <>
      <ul class="cart-lines" aria-label="Cart lines">
        {cart.lines.map((line) => (
          <li key={line.sku} class="card cart-line" data-sku={line.sku}>
            <div class="row">
              <a class="grow" href={href('product', line.sku)}>
                {line.title}
              </a>
              <span>{line.unitAmount === null ? 'No price' : money(line.unitAmount, cart.currency)} each</span>
            </div>
            <div class="row">
              <button
                type="button"
                aria-label={`One fewer ${line.title}`}
                onClick={() => setQuantity(line.sku, line.quantity - 1)}
                disabled={action.pending}
              >
                −
              </button>
              <output aria-label={`Quantity of ${line.title}`} class="quantity-value">
                {line.quantity}
              </output>
              <button
                type="button"
                aria-label={`One more ${line.title}`}
                onClick={() => setQuantity(line.sku, line.quantity + 1)}
                disabled={action.pending}
              >
                +
              </button>
              <button type="button" class="link" onClick={() => remove(line.sku)} disabled={action.pending}>
                Remove
              </button>
              <span class="grow line-total">
                {line.discount > 0 && <s class="muted">{money(line.lineSubtotal, cart.currency)}</s>}{' '}
                {money(line.lineTotal, cart.currency)}
              </span>
            </div>
            {line.available < line.quantity && (
              <p class="warn">
                Only {line.available} available for {cart.fulfillment.type === 'ship' ? 'delivery' : 'this store'}.
              </p>
            )}
          </li>
        ))}
      </ul>
      {action.error && <ProblemView error={action.error} />}
      <Coupons cart={cart} />
      <Fulfillment cart={cart} />
      <Totals cart={cart} />
      <a class="button primary" href={href('checkout')}>
        Checkout
      </a>
    </>
  );
}

function Coupons({ cart }: { cart: Cart }) {
  const { api, setCart } = useShop();
  const [code, setCode] = useState('');
  const action = useAction();
  const add = async (event: Event) => {
    event.preventDefault();
    const next = await action.run(() => call(api.POST('/v1/cart/coupons', { body: { code: code.trim() } })));
    if (next) {
      setCart(next);
      setCode('');
    }
  };
  const remove = async (coupon: string) => {
    const next = await action.run(() =>
      call(api.DELETE('/v1/cart/coupons/{code}', { params: { path: { code: coupon } } })),
    );
    if (next) setCart(next);
  };
  return (
    <section class="card" aria-labelledby="coupons-title">
      <h2 id="coupons-title">Coupons</h2>
      {cart.coupons.length > 0 && (
        <ul aria-label="Coupons on the cart">
          {cart.coupons.map((coupon) => {
            const issue = cart.couponIssues.find((candidate) => candidate.code === coupon);
            return (
              <li key={coupon}>
                <strong>{coupon}</strong>{' '}
                {issue ? (
                  <span class="warn">does not apply: {couponReason(issue, cart.currency)}</span>
                ) : (
                  <span class="ok">applies</span>
                )}{' '}
                <button type="button" class="link" onClick={() => remove(coupon)}>
                  Remove {coupon}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <form class="row" onSubmit={add}>
        <label class="grow">
          Coupon code
          <input value={code} onInput={(e) => setCode(e.currentTarget.value)} required maxLength={64} />
        </label>
        <button type="submit" disabled={action.pending}>
          Apply
        </button>
      </form>
      {action.error && <ProblemView error={action.error} />}
    </section>
  );
}

const FULFILMENT_LABELS: Record<Schemas['FulfillmentType'], string> = {
  ship: 'Ship to me',
  pickup: 'Pick up in store',
  curbside: 'Curbside pickup',
};

function Fulfillment({ cart }: { cart: Cart }) {
  const { api, setCart, store, locations } = useShop();
  const action = useAction();
  // The choice made here until the cart says the same; a change from another device shows as it arrives.
  const [wanted, setWanted] = useState<Schemas['FulfillmentType'] | null>(null);
  useEffect(() => setWanted(null), [cart.fulfillment.type, cart.fulfillment.locationId]);
  const type = wanted ?? cart.fulfillment.type;
  const set = async (body: Schemas['CartFulfillment']) => {
    const next = await action.run(() => call(api.PUT('/v1/cart/fulfillment', { body })));
    if (next) setCart(next);
  };
  const pick = (next: Schemas['FulfillmentType']) => {
    setWanted(next);
    if (next === 'ship') return void set({ type: 'ship' });
    // The shop's chosen store, when it offers this; otherwise the shopper picks one below.
    if (store?.[next]) void set({ type: next, locationId: store.id });
  };
  const at = locations.find((location) => location.id === cart.fulfillment.locationId);
  return (
    <section class="card" aria-labelledby="fulfilment-title">
      <h2 id="fulfilment-title">Delivery</h2>
      <fieldset>
        <legend>How you get it</legend>
        {(Object.keys(FULFILMENT_LABELS) as Schemas['FulfillmentType'][]).map((candidate) => (
          <label key={candidate} class="choice">
            <input
              type="radio"
              name="fulfilment"
              value={candidate}
              checked={type === candidate}
              onChange={() => pick(candidate)}
            />
            {FULFILMENT_LABELS[candidate]}
          </label>
        ))}
      </fieldset>
      {type !== 'ship' && (
        <StorePicker
          heading={type === 'pickup' ? 'Pick up at' : 'Curbside at'}
          offering={type}
          current={cart.fulfillment.type === type ? (at?.name ?? null) : null}
          onChoose={(chosen) => void set({ type, locationId: chosen.id })}
        />
      )}
      {action.error && <ProblemView error={action.error} />}
    </section>
  );
}

export function Totals({ cart }: { cart: Pick<Cart, 'totals' | 'appliedPromotions' | 'currency'> }) {
  return (
    <section class="card totals" aria-label="Totals">
      {cart.appliedPromotions.length > 0 && (
        <ul aria-label="Promotions applied">
          {cart.appliedPromotions.map((promotion) => (
            <li key={promotion.id}>
              {promotion.name}: −{money(promotion.amount, cart.currency)}
            </li>
          ))}
        </ul>
      )}
      <dl>
        <dt>Subtotal</dt>
        <dd>{money(cart.totals.subtotal, cart.currency)}</dd>
        <dt>Discount</dt>
        <dd>−{money(cart.totals.discount, cart.currency)}</dd>
        <dt>Total</dt>
        <dd data-testid="cart-total">
          <strong>{money(cart.totals.total, cart.currency)}</strong>
        </dd>
      </dl>
    </section>
  );
}
