import { MIRROR_REPLICAS, mirrorRetryDelay, mirrorReplicaName } from '../../src/domain/stock/mirror';
import type { StockLevel } from '../../src/domain/stock';
import type { AvailabilityMirrorDO } from '../availability/mirror';

type FeedRow = { version: number; synced: number };
type Waiter = { version: number; resolve: () => void };

const perCopy = <T>(value: () => T): T[] => Array.from({ length: MIRROR_REPLICAS }, value);

/**
 * Feeds one SKU's levels to every copy of the availability mirror. Each
 * change bumps a version (in storage, so it only grows); a copy keeps the
 * highest version it was sent, so pushes may overlap or repeat. At most one
 * push per copy is in flight: changes made meanwhile are coalesced into the
 * next one, which carries the levels as they are when it leaves. Stock
 * operations wait (briefly) for their version to reach every copy, so a
 * caller that changed stock reads its own change from any copy; should a
 * push fail, `synced` stays behind and the alarm tries again.
 */
export class MirrorFeed {
  private state: FeedRow | undefined;
  /** The version each copy last took, as far as this instance knows (from `synced` at first use). */
  private ackedVersions: number[] | undefined;
  /** Per copy, when the oldest change it has not been sent yet was made: what its lag is measured from. */
  private readonly pendingSince: (number | null)[] = perCopy(() => null);
  private readonly pushing: boolean[] = perCopy(() => false);
  private readonly waiters: Waiter[][] = perCopy(() => []);
  private failures = 0;
  /** The levels' JSON as of one version, made for the first copy pushed it and sent as is to the others. */
  private encoded: { version: number; json: string } | undefined;

  constructor(
    private readonly sql: SqlStorage,
    private readonly sku: string,
    private readonly mirrors: DurableObjectNamespace<AvailabilityMirrorDO>,
    private readonly snapshot: () => StockLevel[],
  ) {}

  /** Records that the levels changed; the next push to each copy carries them. */
  changed(now: number): void {
    const state = this.read();
    this.write({ ...state, version: state.version + 1 });
    this.pendingSince.forEach((since, replica) => (this.pendingSince[replica] = since ?? now));
  }

  /** When the alarm should push again (null: every copy has the latest). */
  retryAt(now: number): number | null {
    const state = this.read();
    return state.synced >= state.version ? null : now + mirrorRetryDelay(this.failures);
  }

  /**
   * Resolves once every copy has the version current now, or after
   * `timeoutMs` (a copy slow to answer must not hold up the stock call).
   * Never throws: a failed push is left to the alarm.
   */
  async sync(timeoutMs: number): Promise<void> {
    const { version } = this.read();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    const reached = Promise.all(this.acked.map((_, replica) => this.reach(replica, version)));
    await Promise.race([reached, timeout]);
    if (timer !== null) clearTimeout(timer);
  }

  private get acked(): number[] {
    this.ackedVersions ??= perCopy(() => this.read().synced);
    return this.ackedVersions;
  }

  private reach(replica: number, version: number): Promise<void> {
    if ((this.acked[replica] ?? 0) >= version) return Promise.resolve();
    const waiting = new Promise<void>((resolve) => this.waiters[replica]?.push({ version, resolve }));
    void this.push(replica);
    return waiting;
  }

  private async push(replica: number): Promise<void> {
    if (this.pushing[replica]) return;
    this.pushing[replica] = true;
    const stub = this.mirrors.getByName(mirrorReplicaName(replica));
    try {
      for (let { version } = this.read(); (this.acked[replica] ?? 0) < version; { version } = this.read()) {
        // After a restart nothing is known of when the change was made: it counts from now.
        const changedAt = this.pendingSince[replica] ?? Date.now();
        this.pendingSince[replica] = null;
        await stub.update({ sku: this.sku, version, levelsJson: this.levelsJson(version), changedAt });
        this.acked[replica] = version;
        this.settle(replica, (waiter) => waiter.version <= version);
      }
      this.failures = 0;
      this.recordSynced();
    } catch (error) {
      this.failures += 1;
      console.error(`stock ${this.sku}: pushing to availability mirror copy ${replica} failed`, error);
      this.settle(replica, () => true);
    } finally {
      this.pushing[replica] = false;
    }
  }

  /** Called with the version read in the same synchronous step: the levels now are that version's. */
  private levelsJson(version: number): string {
    if (this.encoded?.version !== version) this.encoded = { version, json: JSON.stringify(this.snapshot()) };
    return this.encoded.json;
  }

  private settle(replica: number, done: (waiter: Waiter) => boolean): void {
    const waiting = this.waiters[replica] ?? [];
    this.waiters[replica] = waiting.filter((waiter) => {
      if (!done(waiter)) return true;
      waiter.resolve();
      return false;
    });
  }

  private recordSynced(): void {
    const everywhere = Math.min(...this.acked);
    const state = this.read();
    if (everywhere > state.synced) this.write({ ...state, synced: everywhere });
  }

  private read(): FeedRow {
    this.state ??= this.sql.exec<FeedRow>('SELECT version, synced FROM mirror_state').one();
    return this.state;
  }

  private write(row: FeedRow): void {
    this.state = undefined;
    this.sql.exec('UPDATE mirror_state SET version = ?, synced = ?', row.version, row.synced);
    this.state = row;
  }
}
