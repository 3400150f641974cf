import { useState } from 'preact/hooks';
import { apiClient, call, type AisleClient, type Schemas } from '../shared/api';
import { href } from '../shared/route';
import type { Session } from '../shared/session';
import { ProblemView, Show, TableHead, useAction, useAsync } from '../shared/ui';
import { utcTime } from './format';
import { usePolling } from './use-polling';

type Delivery = Schemas['WebhookDelivery'];
type DeliveryStatus = Delivery['status'];

const REFRESH_MS = 4_000;
const STATUS_FILTERS: { value: DeliveryStatus | ''; label: string }[] = [
  { value: '', label: 'Any status' },
  { value: 'pending', label: 'Pending (incl. failing)' },
  { value: 'dead', label: 'Dead' },
  { value: 'delivered', label: 'Delivered' },
];

/** A pending delivery whose last attempt got no 2xx is failing: it waits for its next retry. */
export function deliveryState(delivery: Delivery): { label: string; tone: 'ok' | 'warn' | 'bad' } {
  if (delivery.status === 'delivered') return { label: 'Delivered', tone: 'ok' };
  if (delivery.status === 'dead') return { label: 'Dead', tone: 'bad' };
  if (delivery.attempts > 0) return { label: 'Failed, will retry', tone: 'bad' };
  return { label: 'Pending', tone: 'warn' };
}

export function Webhooks({ session, endpointId }: { session: Session; endpointId?: string }) {
  const client = apiClient(session.token);
  return endpointId ? <Deliveries client={client} endpointId={endpointId} /> : <Endpoints client={client} />;
}

function Endpoints({ client }: { client: AisleClient }) {
  const endpoints = useAsync(() => call(client.GET('/v1/admin/webhooks')), []);
  return (
    <section aria-labelledby="webhooks-title">
      <h1 id="webhooks-title">Webhooks</h1>
      <Show value={endpoints} label="Loading webhook endpoints…">
        {({ endpoints: list }) =>
          list.length === 0 ? (
            <p>No webhook endpoint yet.</p>
          ) : (
            <div class="table-wrap">
              <table aria-label="Webhook endpoints">
                <TableHead columns={['Endpoint', 'URL', 'Events', 'Active', 'Updated']} />
                <tbody>
                  {list.map((endpoint) => (
                    <tr key={endpoint.id}>
                      <th scope="row">
                        <a href={href('webhooks', endpoint.id)}>{endpoint.id}</a>
                      </th>
                      <td class="wrap">{endpoint.url}</td>
                      <td>{endpoint.events.join(', ')}</td>
                      <td>{endpoint.active ? 'Yes' : 'No (disabled)'}</td>
                      <td>{utcTime(endpoint.updatedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Show>
      <NewEndpoint client={client} onSaved={endpoints.reload} />
    </section>
  );
}

function NewEndpoint({ client, onSaved }: { client: AisleClient; onSaved: () => void }) {
  const [id, setId] = useState('');
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState('*');
  const [secret, setSecret] = useState<string | undefined>();
  const action = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    const body = {
      url,
      events: events.split(',').map((type) => type.trim()) as Schemas['WebhookEndpointBody']['events'],
    };
    const saved = await action.run(() =>
      call(client.PUT('/v1/admin/webhooks/{id}', { params: { path: { id } }, body })),
    );
    if (saved) {
      setSecret(saved.secret);
      onSaved();
    }
  };
  return (
    <form class="card" aria-labelledby="new-endpoint-title" onSubmit={submit}>
      <h2 id="new-endpoint-title">Add or update an endpoint</h2>
      <div class="filters">
        <label>
          Endpoint id
          <input value={id} required pattern="[A-Za-z0-9._:\-]{1,64}" onInput={(e) => setId(e.currentTarget.value)} />
        </label>
        <label>
          URL
          <input type="url" value={url} required onInput={(e) => setUrl(e.currentTarget.value)} />
        </label>
        <label>
          Events (comma-separated, * for all)
          <input value={events} required onInput={(e) => setEvents(e.currentTarget.value)} />
        </label>
      </div>
      {action.error && <ProblemView error={action.error} />}
      {secret && (
        <p role="status">
          Signing secret (shown this once): <code>{secret}</code>
        </p>
      )}
      <button type="submit" class="primary" disabled={action.pending}>
        {action.pending ? 'Saving…' : 'Save endpoint'}
      </button>
    </form>
  );
}

function Deliveries({ client, endpointId }: { client: AisleClient; endpointId: string }) {
  const [status, setStatus] = useState<DeliveryStatus | ''>('');
  const endpoint = useAsync(
    () => call(client.GET('/v1/admin/webhooks/{id}', { params: { path: { id: endpointId } } })),
    [endpointId],
  );
  const deliveries = useAsync(
    () =>
      call(
        client.GET('/v1/admin/webhooks/{id}/deliveries', {
          params: { path: { id: endpointId }, query: { limit: 100, ...(status && { status }) } },
        }),
      ),
    [endpointId, status],
  );
  usePolling(deliveries.reload, REFRESH_MS);
  const retry = useAction();
  const [retried, setRetried] = useState<string | undefined>();
  const retryDelivery = async (delivery: Delivery) => {
    const answer = await retry.run(() =>
      call(
        client.POST('/v1/admin/webhooks/{id}/deliveries/{deliveryId}/retry', {
          params: { path: { id: endpointId, deliveryId: delivery.id } },
        }),
      ),
    );
    if (answer) setRetried(delivery.id);
    deliveries.reload();
  };
  return (
    <section aria-labelledby="deliveries-title">
      <p>
        <a href={href('webhooks')}>← All endpoints</a>
      </p>
      <h1 id="deliveries-title">Deliveries to {endpointId}</h1>
      <Show value={endpoint} label="Loading the endpoint…">
        {(found) => (
          <p class="muted wrap">
            {found.url} · {found.events.join(', ')} · {found.active ? 'active' : 'disabled'}
          </p>
        )}
      </Show>
      <form class="card filters" aria-label="Filter deliveries" onSubmit={(event) => event.preventDefault()}>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value as DeliveryStatus | '')}>
            {STATUS_FILTERS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={deliveries.reload} disabled={deliveries.loading}>
          Refresh
        </button>
      </form>
      {retry.error && <ProblemView error={retry.error} />}
      {retried && (
        <p role="status" class="muted">
          Delivery {retried} is due now; its next attempt shows here in a few seconds.
        </p>
      )}
      <Show value={deliveries} label="Loading deliveries…">
        {({ deliveries: list }) =>
          list.length === 0 ? (
            <p>No delivery{status && ` with status ${status}`}.</p>
          ) : (
            <div class="table-wrap">
              <table aria-label="Deliveries">
                <TableHead
                  columns={[
                    'Event',
                    'State',
                    { label: 'Attempts', num: true },
                    'Last answer',
                    'Next attempt',
                    'Created',
                    { label: 'Actions', hidden: true },
                  ]}
                />
                <tbody>
                  {list.map((delivery) => {
                    const state = deliveryState(delivery);
                    return (
                      <tr key={delivery.id} data-delivery={delivery.id}>
                        <th scope="row">
                          {delivery.eventType}
                          <span class="muted small"> {delivery.eventId}</span>
                        </th>
                        <td>
                          <span class={`status tone-${state.tone}`}>{state.label}</span>
                        </td>
                        <td class="num" data-field="attempts">
                          {delivery.attempts}
                        </td>
                        <td class="wrap">
                          {delivery.lastResponseStatus ?? '—'}
                          {delivery.lastError && <span class="muted small"> {delivery.lastError}</span>}
                        </td>
                        <td data-field="next">{utcTime(delivery.nextAttemptAt)}</td>
                        <td>{utcTime(delivery.createdAt)}</td>
                        <td>
                          {delivery.status !== 'delivered' && (
                            <button
                              type="button"
                              onClick={() => void retryDelivery(delivery)}
                              disabled={retry.pending}
                              aria-label={`Retry now: ${delivery.eventType} ${delivery.eventId}`}
                            >
                              Retry now
                            </button>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )
        }
      </Show>
    </section>
  );
}
