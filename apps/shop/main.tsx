import { render } from 'preact';
import '../shared/styles.css';
import { SignedIn } from '../shared/signed-in';
import { Catalog } from './catalog';

function App() {
  return (
    <SignedIn app="shop" title="Shop" roles={['customer']}>
      {(session) => <Catalog session={session} />}
    </SignedIn>
  );
}

render(<App />, document.getElementById('app') as HTMLElement);
