import { render } from 'preact';
import { useState } from 'preact/hooks';
import type { Schemas } from '../shared/api';
import { href, useRoute } from '../shared/route';
import type { Session } from '../shared/session';
import { SignedIn } from '../shared/signed-in';
import '../shared/styles.css';
import { useConnection } from './connection';
import { OfflineBar } from './offline-bar';
import { productTitle, usePack } from './pack';
import { Pickups } from './pickups';
import { useQueue } from './queue';
import { Returns } from './returns';
import { Sell } from './sell';
import { Shopper } from './shopper';
import './till.css';

const SCREENS = [
  { route: '', label: 'Sell' },
  { route: 'shopper', label: 'Shopper' },
  { route: 'pickups', label: 'Pickups' },
  { route: 'returns', label: 'Returns' },
] as const;

function Nav() {
  const [screen = ''] = useRoute();
  return (
    <>
      {SCREENS.map(({ route, label }) => (
        <a key={route} href={route ? href(route) : '#/'} aria-current={screen === route ? 'page' : undefined}>
          {label}
        </a>
      ))}
    </>
  );
}

function Till({ session }: { session: Session }) {
  const [screen = '', param] = useRoute();
  const connection = useConnection();
  const pack = usePack(session, connection.online);
  const queue = useQueue(session, connection.online);
  const [found, setFound] = useState<Schemas['Customer360'][]>();
  const [customer, setCustomer] = useState<Schemas['Customer360']>();
  const currency = pack.pack?.currency ?? 'USD';

  return (
    <>
      <OfflineBar connection={connection} pack={pack} queue={queue} />
      {screen === '' && (
        <Sell
          session={session}
          connection={connection}
          pack={pack}
          queue={queue}
          customer={customer}
          onDetach={() => setCustomer(undefined)}
        />
      )}
      {screen === 'shopper' && (
        <Shopper
          session={session}
          connection={connection}
          currency={currency}
          found={found}
          onFound={setFound}
          onAttach={(chosen) => {
            setCustomer(chosen);
            location.hash = '#/';
          }}
        />
      )}
      {screen === 'pickups' && <Pickups session={session} />}
      {screen === 'returns' && (
        <Returns
          session={session}
          orderId={param}
          known={found?.flatMap((one) => one.recentOrders) ?? []}
          titleOf={(sku) => productTitle(pack.pack, sku)}
        />
      )}
    </>
  );
}

function App() {
  return (
    <SignedIn app="till" title="Till" roles={['pos']} nav={() => <Nav />}>
      {(session) => <Till session={session} />}
    </SignedIn>
  );
}

render(<App />, document.getElementById('app') as HTMLElement);
