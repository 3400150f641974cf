import { render } from 'preact';
import '../shared/styles.css';
import { SignedIn } from '../shared/signed-in';

// A placeholder until the Ops app lands (issue #18): it signs in and says what is coming.
function App() {
  return (
    <SignedIn app="ops" title="Ops" roles={['ops']}>
      {() => (
        <section class="card">
          <h1>Aisle Ops</h1>
          <p>Coming soon.</p>
        </section>
      )}
    </SignedIn>
  );
}

render(<App />, document.getElementById('app') as HTMLElement);
