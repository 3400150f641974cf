import { render } from 'preact';
import '../shared/styles.css';
import './shop.css';
import { href, useRoute } from '../shared/route';
import type { Session } from '../shared/session';
import { SignedIn } from '../shared/signed-in';
import { AccountPage } from './account';
import { CartPage } from './cart';
import { Catalog } from './catalog';
import { CheckoutPage } from './checkout';
import { OrderPage } from './order';
import { OrdersPage } from './orders';
import { ProductPage } from './product';
import { ShopContext, useShop, useShopState } from './state';

function App() {
  return (
    <SignedIn app="shop" title="Shop" roles={['customer']}>
      {(session) => <Shop session={session} />}
    </SignedIn>
  );
}

function Shop({ session }: { session: Session }) {
  const shop = useShopState(session);
  return (
    <ShopContext.Provider value={shop}>
      <Nav />
      <Screen />
    </ShopContext.Provider>
  );
}

function Nav() {
  const { cart } = useShop();
  const [screen] = useRoute();
  const units = cart?.lines.reduce((sum, line) => sum + line.quantity, 0) ?? 0;
  const link = (target: string | undefined, label: string, ...segments: string[]) => (
    <a href={href(...segments)} aria-current={screen === target ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <nav class="shop-nav" aria-label="Shop">
      {link(undefined, 'Catalog')}
      <a href={href('cart')} aria-current={screen === 'cart' ? 'page' : undefined}>
        Cart{' '}
        <span class="badge" data-testid="cart-count">
          {units}
        </span>
        <span class="visually-hidden"> items</span>
      </a>
      {link('orders', 'Orders', 'orders')}
      {link('account', 'Account', 'account')}
    </nav>
  );
}

function Screen() {
  const [screen, id] = useRoute();
  switch (screen) {
    case 'product':
      // Keyed by SKU: another product starts from its own quantity and messages.
      return id ? <ProductPage key={id} sku={id} /> : <Catalog />;
    case 'cart':
      return <CartPage />;
    case 'checkout':
      return <CheckoutPage />;
    case 'order':
      return id ? <OrderPage id={id} /> : <OrdersPage />;
    case 'orders':
      return <OrdersPage />;
    case 'account':
      return <AccountPage />;
    default:
      return <Catalog />;
  }
}

render(<App />, document.getElementById('app') as HTMLElement);
