import { render } from 'preact';
import '../shared/styles.css';
import { SignedIn } from '../shared/signed-in';

// A placeholder until the Till app lands (issue #18): it signs in and says what is coming.
function App() {
  return (
    <SignedIn app="till" title="Till" roles={['pos']}>
      {() => (
        <section class="card">
          <h1>Aisle Till</h1>
          <p>Coming soon.</p>
        </section>
      )}
    </SignedIn>
  );
}

render(<App />, document.getElementById('app') as HTMLElement);
