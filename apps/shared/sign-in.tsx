/**
 * The dev sign-in: a role picker that asks the dev server for a token (`POST /v1/dev/tokens`, present only
 * where test payments are enabled). Where the route is absent (production), it says that sign-in goes
 * through the identity provider instead (docs/apps.md).
 */
import { useState } from 'preact/hooks';
import { apiClient, call, type Schemas } from './api';
import { keepDevSession, type AppName, type Role, type Session } from './session';
import { ProblemView, Show, useAction, useAsync } from './ui';

const ROLE_LABELS: Record<Role, string> = { customer: 'Shopper', pos: 'Till at a store', ops: 'Operations' };
const DEFAULT_SUBJECTS: Record<Role, string> = { customer: 'cus_demo', pos: 'till_demo', ops: 'ops_demo' };

export interface DevSignInProps {
  app: AppName;
  /** The roles this app is for, the first preselected. */
  roles: Role[];
  onSignedIn: (session: Session) => void;
}

export function DevSignIn({ app, roles, onSignedIn }: DevSignInProps) {
  const [role, setRole] = useState<Role>(roles[0] ?? 'customer');
  const [sub, setSub] = useState(DEFAULT_SUBJECTS[roles[0] ?? 'customer']);
  const [loc, setLoc] = useState('');
  const stores = useAsync(() => call(apiClient().GET('/v1/locations')), []);
  const action = useAction();

  const pickRole = (next: Role) => {
    setRole(next);
    setSub(DEFAULT_SUBJECTS[next]);
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    const body: Schemas['DevTokenRequest'] = { role, sub, ...(role === 'pos' && { loc }) };
    const answer = await action.run(() => call(apiClient().POST('/v1/dev/tokens', { body })));
    const session = answer && keepDevSession(app, answer.token);
    if (session) onSignedIn(session);
  };

  if (action.error?.problem.status === 404) {
    return (
      <section class="card sign-in" aria-labelledby="sign-in-title">
        <h2 id="sign-in-title">Sign in</h2>
        <p>Dev sign-in is off on this server. Sign in through your identity provider.</p>
      </section>
    );
  }
  return (
    <form class="card sign-in" onSubmit={submit} aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">Sign in (development)</h2>
      <fieldset>
        <legend>Sign in as</legend>
        {roles.map((candidate) => (
          <label key={candidate} class="choice">
            <input
              type="radio"
              name="role"
              value={candidate}
              checked={role === candidate}
              onChange={() => pickRole(candidate)}
            />
            {ROLE_LABELS[candidate]}
          </label>
        ))}
      </fieldset>
      <label>
        {role === 'customer' ? 'Customer id' : 'User id'}
        <input
          name="sub"
          value={sub}
          required
          pattern="[A-Za-z0-9._:\-]{1,64}"
          onInput={(e) => setSub(e.currentTarget.value)}
        />
      </label>
      {role === 'pos' && (
        <Show value={stores} label="Loading stores…">
          {({ locations }) => (
            <label>
              Store
              <select name="loc" required value={loc} onChange={(e) => setLoc(e.currentTarget.value)}>
                <option value="">Choose a store</option>
                {locations
                  .filter((location: Schemas['Location']) => location.kind === 'store')
                  .map((location: Schemas['Location']) => (
                    <option key={location.id} value={location.id}>
                      {location.name}
                    </option>
                  ))}
              </select>
            </label>
          )}
        </Show>
      )}
      {action.error && <ProblemView error={action.error} />}
      <button type="submit" class="primary" disabled={action.pending}>
        {action.pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
