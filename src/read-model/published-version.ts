/**
 * How long an isolate keeps trusting the version of a read model it last
 * read before asking KV again. Every catalog, price, cart and availability
 * read starts from a version; asking KV for it on every request made that
 * get the largest cost of the hot paths. A publish is seen at once by the
 * isolate that made it and within this window by every other one: far inside
 * KV's own propagation between locations, which takes up to 60 s.
 */
export const VERSION_TRUSTED_FOR_MS = 1_000;

interface KnownVersion {
  version: string | null;
  readAt: number;
  /** Bumped by every local publish, so a read that started before one cannot overwrite it. */
  publishes: number;
}

/** Unique and roughly time-ordered, so a version in KV says when it was published. */
export const newVersion = () => `${Date.now().toString(36)}-${crypto.randomUUID()}`;

// One entry per version key, for the life of the isolate.
const known = new Map<string, KnownVersion>();

/**
 * A read model's published version (the KV key that points readers at its
 * data): publishing writes a new one after the data; reading it is memoized
 * per isolate for VERSION_TRUSTED_FOR_MS.
 */
export class PublishedVersion {
  constructor(
    private readonly kv: KVNamespace,
    private readonly key: string,
  ) {}

  async read(): Promise<string | null> {
    const entry = known.get(this.key);
    if (entry && Date.now() - entry.readAt < VERSION_TRUSTED_FOR_MS) return entry.version;
    const publishes = entry?.publishes ?? 0;
    const version = await this.kv.get(this.key);
    const latest = known.get(this.key);
    if ((latest?.publishes ?? 0) === publishes) known.set(this.key, { version, readAt: Date.now(), publishes });
    return latest && latest.publishes !== publishes ? latest.version : version;
  }

  /** Call after the data is in KV: readers that see the new version find its data. */
  async publish(version: string = newVersion()): Promise<void> {
    await this.kv.put(this.key, version);
    known.set(this.key, { version, readAt: Date.now(), publishes: (known.get(this.key)?.publishes ?? 0) + 1 });
  }
}
