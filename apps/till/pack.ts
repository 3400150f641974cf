/**
 * The till's catalog pack (docs/pos.md "The till's offline catalog"): fetched with its ETag, kept in
 * IndexedDB, and priced from while the till is offline exactly as the pack's rules say.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { apiClient, call, toFailure, type ApiFailure } from '../shared/api';
import type { Session } from '../shared/session';
import { reaching } from './connection';
import { cachedPack, cachePack, type CatalogPack } from './store';

export interface PackState {
  pack: CatalogPack | undefined;
  error: ApiFailure | undefined;
  refresh: () => Promise<void>;
}

/** The cached pack at once, then the server's (a 304 keeps the cache); `refresh` asks again. */
export function usePack(session: Session, online: boolean): PackState {
  const locationId = session.loc ?? '';
  const [pack, setPack] = useState<CatalogPack>();
  const [error, setError] = useState<ApiFailure>();

  const refresh = useCallback(async () => {
    const cached = await cachedPack(locationId);
    if (cached) setPack(cached.pack);
    try {
      const answer = await reaching(
        apiClient(session.token).GET('/v1/pos/catalog', {
          headers: cached ? { 'if-none-match': cached.etag } : {},
        }),
      );
      // 304: the cached pack is current. Anything else is the new pack, or a problem `call` throws.
      if (answer.response.status !== 304 || !cached) {
        const fresh = await call(Promise.resolve(answer));
        await cachePack(locationId, answer.response.headers.get('etag') ?? fresh.version, fresh);
        setPack(fresh);
      }
      setError(undefined);
    } catch (failure) {
      setError(toFailure(failure));
    }
  }, [locationId, session.token]);

  useEffect(() => {
    if (online) void refresh();
    else void cachedPack(locationId).then((cached) => cached && setPack(cached.pack));
  }, [online, refresh]);
  return { pack, error, refresh };
}

/**
 * The unit price of `quantity` units of `sku` at instant `at` for a customer of `group` (null: a walk-in):
 * the first book (the pack lists them in the engine's precedence) whose group is null or `group`, valid at
 * `at` and with tiers for the SKU; in it the tier with the largest minQuantity ≤ quantity, else the first.
 */
export function packUnitAmount(
  pack: CatalogPack,
  sku: string,
  quantity: number,
  at: Date,
  group: string | null = null,
): number | null {
  const time = at.getTime();
  for (const book of pack.prices) {
    if (book.customerGroup !== null && book.customerGroup !== group) continue;
    if (book.validFrom !== null && Date.parse(book.validFrom) > time) continue;
    if (book.validTo !== null && Date.parse(book.validTo) <= time) continue;
    const tiers = book.tiers[sku];
    if (!tiers || tiers.length === 0) continue;
    let chosen = tiers[0];
    for (const tier of tiers) if (tier.minQuantity <= quantity) chosen = tier;
    return chosen?.unitAmount ?? null;
  }
  return null;
}

export const productTitle = (pack: CatalogPack | undefined, sku: string): string | undefined =>
  pack?.products.find((product) => product.sku === sku)?.title;
