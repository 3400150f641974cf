import { buildPriceIndex, type PriceIndex, type Promotion } from '../domain/pricing';
import type { PricingSnapshotData } from '../db/pricing';
import { newVersion, PublishedVersion } from './published-version';

/** The pricing catalog as the engine uses it: an index of prices and the active promotions. */
export interface PricingCatalog {
  version: string | null;
  priceIndex: PriceIndex;
  promotions: readonly Promotion[];
}

interface PublishedSnapshot extends PricingSnapshotData {
  version: string;
}

const VERSION_KEY = 'pricing:version';
const SNAPSHOT_KEY = 'pricing:snapshot';
const EMPTY: PricingCatalog = { version: null, priceIndex: buildPriceIndex([], []), promotions: [] };

// One parsed catalog per isolate, reused while the published version is unchanged.
let memo: PricingCatalog = EMPTY;

/**
 * Price books, prices and promotions change rarely and are read on every
 * cart, price and quote call, so they are published as one snapshot and
 * held parsed in the isolate. A read costs at most one small KV get (the
 * version, see PublishedVersion); the snapshot is fetched and indexed again
 * only after a publish.
 */
export class PricingReadModel {
  private readonly version: PublishedVersion;

  constructor(private readonly kv: KVNamespace) {
    this.version = new PublishedVersion(kv, VERSION_KEY);
  }

  async current(): Promise<PricingCatalog> {
    const version = await this.version.read();
    if (version === null) return EMPTY;
    if (memo.version === version) return memo;
    const snapshot = await this.kv.get<PublishedSnapshot>(SNAPSHOT_KEY, 'json');
    if (snapshot === null) return EMPTY;
    memo = {
      version: snapshot.version,
      priceIndex: buildPriceIndex(snapshot.priceBooks, snapshot.prices),
      promotions: snapshot.promotions,
    };
    return memo;
  }

  /** Snapshot first, then the version that points readers at it. */
  async publish(data: PricingSnapshotData): Promise<void> {
    const version = newVersion();
    await this.kv.put(SNAPSHOT_KEY, JSON.stringify({ ...data, version } satisfies PublishedSnapshot));
    await this.version.publish(version);
  }
}
