import { useRef, useState } from 'preact/hooks';
import { call, type Schemas } from '../shared/api';
import { money } from '../shared/money';
import { href, navigate } from '../shared/route';
import { Loading, ProblemView, useAction } from '../shared/ui';
import { Totals } from './cart';
import { useShop } from './state';

const EMPTY_ADDRESS: Schemas['ShippingAddress'] = {
  name: '',
  line1: '',
  city: 'Chicago',
  region: 'IL',
  postalCode: '',
  country: 'US',
};

/** Places the cart as an order with the `test` payment method (development and staging). */
export function CheckoutPage() {
  const { api, cart, locations } = useShop();
  const [email, setEmail] = useState('');
  const [address, setAddress] = useState(EMPTY_ADDRESS);
  const action = useAction();
  // One Idempotency-Key per distinct request: a retry of the same order (a lost answer) replays it.
  const attempt = useRef<{ body: string; key: string } | undefined>(undefined);

  if (!cart) return <Loading label="Loading the cart…" />;
  if (cart.lines.length === 0) {
    return (
      <section class="card">
        <h1>Checkout</h1>
        <p>The cart is empty.</p>
        <a href={href()}>Browse the catalog</a>
      </section>
    );
  }
  const ship = cart.fulfillment.type === 'ship';
  const store = locations.find((location) => location.id === cart.fulfillment.locationId);
  const placeOrder = async (event: Event) => {
    event.preventDefault();
    const body: Schemas['CheckoutRequest'] = {
      payment: { method: 'test' },
      ...(email && { contact: { email } }),
      ...(ship && { shippingAddress: address }),
    };
    const json = JSON.stringify(body);
    if (attempt.current?.body !== json) attempt.current = { body: json, key: crypto.randomUUID() };
    const key = attempt.current.key;
    const order = await action.run(() =>
      call(api.POST('/v1/checkout', { params: { header: { 'idempotency-key': key } }, body })),
    );
    if (order) navigate('order', order.id);
  };
  const field = (name: keyof Schemas['ShippingAddress'], label: string, required = true) => (
    <label>
      {label}
      <input
        name={name}
        required={required}
        value={address[name] ?? ''}
        onInput={(e) => setAddress({ ...address, [name]: e.currentTarget.value })}
      />
    </label>
  );
  return (
    <section aria-labelledby="checkout-title">
      <h1 id="checkout-title">Checkout</h1>
      <p>
        {cart.lines.reduce((sum, line) => sum + line.quantity, 0)} items ·{' '}
        {ship
          ? 'shipped to you'
          : `${cart.fulfillment.type === 'pickup' ? 'pickup' : 'curbside'} at ${store?.name ?? 'a store'}`}{' '}
        · <a href={href('cart')}>change</a>
      </p>
      <Totals cart={cart} />
      <form class="card" onSubmit={placeOrder}>
        <label>
          E-mail for the receipt
          <input
            type="email"
            name="email"
            autoComplete="email"
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </label>
        {ship && (
          <fieldset>
            <legend>Ship to</legend>
            {field('name', 'Name')}
            {field('line1', 'Street address')}
            {field('city', 'City')}
            {field('postalCode', 'ZIP code')}
            {field('country', 'Country (2 letters)')}
          </fieldset>
        )}
        <p class="muted">Payment: the test method (no money moves; development and staging only).</p>
        {action.error && <ProblemView error={action.error} />}
        <button type="submit" class="primary" disabled={action.pending}>
          {action.pending ? 'Placing the order…' : `Place order · ${money(cart.totals.total, cart.currency)}`}
        </button>
      </form>
    </section>
  );
}
