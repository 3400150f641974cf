/**
 * The till's connection at a glance: online or why not, the offline toggle, the catalog pack it sells from,
 * the queue of sales waiting to be uploaded and, after an upload, what the server said of each sale.
 */
import { money } from '../shared/money';
import { ProblemView, TableHead } from '../shared/ui';
import { setOfflineToggle, type Connection } from './connection';
import type { PackState } from './pack';
import type { Queue } from './queue';

const REASONS = {
  toggle: 'Offline mode is on',
  browser: 'No network',
  unreachable: 'The server cannot be reached',
} as const;

export function OfflineBar({ connection, pack, queue }: { connection: Connection; pack: PackState; queue: Queue }) {
  const rejected = queue.waiting.filter((entry) => entry.lastResult);
  return (
    <section class={`card offline-bar ${connection.online ? 'is-online' : 'is-offline'}`} aria-label="Connection">
      <div class="row">
        <p class="connection" role="status" data-testid="connection">
          {connection.online ? 'Online' : `Offline: ${REASONS[connection.reason ?? 'browser']}`}
        </p>
        <label class="choice">
          <input
            type="checkbox"
            name="offline"
            checked={connection.toggle}
            onChange={(e) => setOfflineToggle(e.currentTarget.checked)}
          />
          Offline mode
        </label>
        <p class="muted grow">
          {pack.pack
            ? `Catalog ${pack.pack.version.slice(0, 8)}: ${pack.pack.products.length} products`
            : 'No catalog cached yet'}
        </p>
        <p data-testid="queue-count">
          {queue.waiting.length === 0 ? 'No sales waiting' : `${queue.waiting.length} sale(s) waiting to sync`}
        </p>
        <button
          type="button"
          onClick={() => void queue.sync()}
          disabled={!connection.online || queue.syncing || queue.waiting.length === 0}
        >
          {queue.syncing ? 'Syncing…' : 'Sync now'}
        </button>
      </div>
      {pack.error && connection.online && <ProblemView error={pack.error} onRetry={() => void pack.refresh()} />}
      {queue.error && <ProblemView error={queue.error} />}
      {queue.results && queue.results.length > 0 && (
        <table aria-label="Last sync">
          <caption>Last sync</caption>
          <TableHead columns={['Sale', 'Result', 'Order or problem']} />
          <tbody>
            {queue.results.map((result, index) => (
              <tr key={result.saleId ?? index}>
                <td>
                  <code>{result.saleId}</code>
                </td>
                <td>
                  <span class={`sync-status ${result.status}`}>{result.status}</span>
                </td>
                <td>{result.orderId ?? String(result.problem?.detail ?? '')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rejected.length > 0 && (
        <ul class="to-fix" aria-label="Sales to fix">
          {rejected.map(({ sale, lastResult }) => (
            <li key={sale.saleId} class="row">
              <span class="grow">
                <code>{sale.saleId}</code> {lastResult?.status}
                {sale.payments[0] && ` (${money(sale.payments[0].amount, sale.currency ?? 'USD')})`}:{' '}
                {String(lastResult?.problem?.detail ?? 'upload it again')}
              </span>
              {lastResult?.status === 'rejected' && (
                <button type="button" class="link" onClick={() => void queue.discard(sale.saleId)}>
                  Discard <span class="visually-hidden">sale {sale.saleId}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
