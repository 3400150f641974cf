import { render } from 'preact';
import '../shared/styles.css';
import './ops.css';
import { href, useRoute } from '../shared/route';
import { SignedIn } from '../shared/signed-in';
import { KpiScreen } from './kpis';
import { Orders } from './orders';
import { Outbox } from './outbox';
import { Stock } from './stock';
import { Webhooks } from './webhooks';

const SCREENS = [
  { route: 'orders', label: 'Orders' },
  { route: 'kpis', label: 'KPIs' },
  { route: 'stock', label: 'Stock' },
  { route: 'webhooks', label: 'Webhooks' },
  { route: 'outbox', label: 'Outbox' },
] as const;
type ScreenRoute = (typeof SCREENS)[number]['route'];

const screenOf = (route: string[]): ScreenRoute =>
  SCREENS.find((screen) => screen.route === route[0])?.route ?? 'orders';

function Nav({ current }: { current: ScreenRoute }) {
  return (
    <>
      {SCREENS.map((screen) => (
        <a key={screen.route} href={href(screen.route)} aria-current={screen.route === current ? 'page' : undefined}>
          {screen.label}
        </a>
      ))}
    </>
  );
}

function App() {
  const route = useRoute();
  const screen = screenOf(route);
  return (
    <SignedIn app="ops" title="Ops" roles={['ops']} nav={() => <Nav current={screen} />}>
      {(session) => {
        switch (screen) {
          case 'kpis':
            return <KpiScreen session={session} />;
          case 'stock':
            return <Stock session={session} />;
          case 'webhooks':
            return <Webhooks session={session} endpointId={route[1]} />;
          case 'outbox':
            return <Outbox session={session} />;
          default:
            return <Orders session={session} />;
        }
      }}
    </SignedIn>
  );
}

render(<App />, document.getElementById('app') as HTMLElement);
