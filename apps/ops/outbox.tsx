import { useState } from 'preact/hooks';
import type { operations } from '../../src/client';
import { apiClient, call, type AisleClient, type Schemas } from '../shared/api';
import type { Session } from '../shared/session';
import { ProblemView, Show, TableHead, useAction, useAsync } from '../shared/ui';
import { utcTime } from './format';
import { usePolling } from './use-polling';

type OutboxQuery = NonNullable<operations['listOutboxEntries']['parameters']['query']>;
type State = NonNullable<OutboxQuery['state']>;
type Kind = NonNullable<OutboxQuery['kind']>;

const REFRESH_MS = 5_000;
const STATES: Record<State, string> = { dead: 'Dead (retries used up)', pending: 'Waiting for a retry' };
const KINDS: Record<Kind, string> = { task: 'Tasks (stock commits, returns)', event: 'Events' };

export function Outbox({ session }: { session: Session }) {
  const client = apiClient(session.token);
  const [state, setState] = useState<State>('dead');
  const [kind, setKind] = useState<Kind | ''>('');
  const entries = useAsync(
    () => call(client.GET('/v1/admin/outbox', { params: { query: { state, limit: 100, ...(kind && { kind }) } } })),
    [state, kind],
  );
  usePolling(entries.reload, REFRESH_MS);
  return (
    <section aria-labelledby="outbox-title">
      <h1 id="outbox-title">Outbox</h1>
      <p class="muted">
        Work the API does after answering (stock commits, returns, events). A task that failed every retry is dead until
        someone puts it back in line.
      </p>
      <form class="card filters" aria-label="Filter outbox" onSubmit={(event) => event.preventDefault()}>
        <label>
          State
          <select value={state} onChange={(e) => setState(e.currentTarget.value as State)}>
            {Object.entries(STATES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.currentTarget.value as Kind | '')}>
            <option value="">Tasks and events</option>
            {Object.entries(KINDS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={entries.reload} disabled={entries.loading}>
          Refresh
        </button>
      </form>
      <Show value={entries} label="Loading the outbox…">
        {({ entries: list }) => <Entries client={client} entries={list} onRetried={entries.reload} />}
      </Show>
    </section>
  );
}

function Entries({
  client,
  entries,
  onRetried,
}: {
  client: AisleClient;
  entries: Schemas['OutboxEntry'][];
  onRetried: () => void;
}) {
  const retry = useAction();
  const [retried, setRetried] = useState<string | undefined>();
  const retryEntry = async (id: string) => {
    const answer = await retry.run(() =>
      call(client.POST('/v1/admin/outbox/{id}/retry', { params: { path: { id } } })),
    );
    if (answer) setRetried(id);
    onRetried();
  };
  return (
    <>
      {retry.error && <ProblemView error={retry.error} />}
      {retried && (
        <p role="status" class="muted">
          {retried} is back in line.
        </p>
      )}
      {entries.length === 0 ? (
        <p>Nothing here.</p>
      ) : (
        <div class="table-wrap">
          <table aria-label="Outbox entries">
            <TableHead
              columns={[
                'Entry',
                'Topic',
                { label: 'Attempts', num: true },
                'Last error',
                'Created',
                'Next attempt',
                { label: 'Actions', hidden: true },
              ]}
            />
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <th scope="row" class="wrap">
                    {entry.id}
                  </th>
                  <td>{entry.topic}</td>
                  <td class="num">{entry.attempts}</td>
                  <td class="wrap">{entry.lastError ?? '—'}</td>
                  <td>{utcTime(entry.createdAt)}</td>
                  <td>{entry.dead ? '—' : utcTime(entry.availableAt)}</td>
                  <td>
                    {entry.dead && (
                      <button
                        type="button"
                        onClick={() => void retryEntry(entry.id)}
                        disabled={retry.pending}
                        aria-label={`Retry: ${entry.id}`}
                      >
                        Retry
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
