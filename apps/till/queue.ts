/**
 * The offline queue as the till's screens see it: what waits, what the last upload answered, and the upload
 * itself (`POST /v1/pos/sales/sync`), which runs whenever the till comes back online. Sales the server has
 * (`created`, or `replayed`: uploaded before) leave the queue; `rejected` and `failed` ones stay, with their
 * problem, to be fixed or uploaded again. One upload at a time: a second trigger joins the running one.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { apiClient, call, toFailure, type ApiFailure, type Schemas } from '../shared/api';
import type { Session } from '../shared/session';
import { reaching } from './connection';
import { dropQueued, queuedSales, queueSale, type QueuedSale, type SaleRequest } from './store';

export type SyncResult = Schemas['PosSyncResult']['results'][number];
const BATCH = 200;

export interface Queue {
  waiting: QueuedSale[];
  /** The last upload's answers, in the order sent. */
  results: SyncResult[] | undefined;
  syncing: boolean;
  error: ApiFailure | undefined;
  enqueue: (sale: SaleRequest) => Promise<void>;
  sync: () => Promise<void>;
  /** Gives up on a sale the server rejected (the cashier settles it another way). */
  discard: (saleId: string) => Promise<void>;
}

export function useQueue(session: Session, online: boolean): Queue {
  const locationId = session.loc ?? '';
  const [waiting, setWaiting] = useState<QueuedSale[]>([]);
  const [results, setResults] = useState<SyncResult[]>();
  const [syncing, setSyncing] = useState(false);
  const [error, setError] = useState<ApiFailure>();
  const running = useRef<Promise<void> | undefined>(undefined);

  const reload = useCallback(async () => setWaiting(await queuedSales(locationId)), [locationId]);

  const upload = useCallback(async () => {
    const queued = await queuedSales(locationId);
    if (queued.length === 0) return;
    setSyncing(true);
    setError(undefined);
    const answered: SyncResult[] = [];
    try {
      for (let start = 0; start < queued.length; start += BATCH) {
        const batch = queued.slice(start, start + BATCH);
        // The generated type of `sales` is loose (each sale is validated as POST /v1/pos/sales's body).
        const sales = batch.map((entry) => entry.sale) as unknown as Schemas['PosSyncRequest']['sales'];
        const { results: batchResults } = await reaching(
          call(apiClient(session.token).POST('/v1/pos/sales/sync', { body: { sales } })),
        );
        answered.push(...batchResults);
        const done = batchResults.filter((r) => r.status === 'created' || r.status === 'replayed');
        await dropQueued(done.map((r) => r.saleId ?? ''));
        for (const result of batchResults) {
          const entry = batch.find((candidate) => candidate.sale.saleId === result.saleId);
          if (entry && !done.includes(result)) await queueSale({ ...entry, lastResult: result });
        }
      }
    } catch (failure) {
      setError(toFailure(failure));
    } finally {
      setResults(answered);
      setSyncing(false);
      await reload();
    }
  }, [locationId, session.token, reload]);

  const sync = useCallback(() => {
    running.current ??= upload().finally(() => (running.current = undefined));
    return running.current;
  }, [upload]);

  const enqueue = useCallback(
    async (sale: SaleRequest) => {
      await queueSale({ sale, locationId, queuedAt: new Date().toISOString() });
      await reload();
    },
    [locationId, reload],
  );

  const discard = useCallback(
    async (saleId: string) => {
      await dropQueued([saleId]);
      await reload();
    },
    [reload],
  );

  useEffect(() => {
    void reload();
  }, [reload]);
  useEffect(() => {
    if (online) void sync();
  }, [online, sync]);

  return { waiting, results, syncing, error, enqueue, sync, discard };
}
