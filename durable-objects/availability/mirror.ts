import { DurableObject } from 'cloudflare:workers';
import type { StockLevel } from '../../src/domain/stock';
import { availableAcross, lagSummary, type MirrorHealth, type MirroredSku } from '../../src/domain/stock/mirror';
import { applySchemaMigrations } from '../sqlite-schema';

// The latest this many lags are kept for the health figure.
const LAG_SAMPLES = 1_000;

/**
 * SKUs kept parsed in memory, the most recently loaded or updated: a listing's SKUs are
 * read again and again, while a whole catalog (10,000 SKUs at 20 locations
 * are some 20 MB of levels) would crowd the isolate's memory, which other
 * objects share.
 */
const MEMO_LIMIT = 5_000;

const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE skus (
    sku TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    levels TEXT NOT NULL
  );
  `,
];

// Durable Object SQLite binds at most 100 parameters per statement.
const MAX_BOUND_PARAMETERS = 100;

type SkuRow = { sku: string; version: number; levels: string };

/**
 * A SKU as held in memory: its levels' JSON as the StockDO sent it, parsed
 * (and each level's own JSON made) only once a read has needed them; most
 * updates are never read before the next replaces them.
 */
interface Copy {
  version: number;
  text: string;
  levels?: StockLevel[];
  json?: string[];
}

const levelsOf = (copy: Copy): StockLevel[] => (copy.levels ??= JSON.parse(copy.text) as StockLevel[]);

/**
 * A copy of every SKU's public levels, so a listing page, a cart or a wish
 * list reads one object instead of one StockDO per SKU. StockDOs push their
 * levels here after each change (durable-objects/stock/mirror-feed.ts) and
 * stay the only place holds and sales are decided: what this copy shows may
 * be a moment behind, what a hold takes never is. Addressed by replica
 * (`AVAILABILITY.getByName("replica:<n>")`): each StockDO feeds every
 * replica and a read picks one, so reads scale with the replica count.
 *
 * Every method is synchronous over storage and memory, so an update and a
 * read never interleave halfway.
 */
export class AvailabilityMirrorDO extends DurableObject<Env> {
  private readonly memo = new Map<string, Copy>();
  private readonly lags: number[] = [];

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(async () => applySchemaMigrations(ctx.storage, MIGRATIONS));
  }

  /**
   * Keeps the newer of what it has and what it is told: pushes of one SKU may
   * arrive out of order (a retry overtaken by a later change), and an older
   * one must not undo a newer one.
   */
  update(copy: MirroredSku): void {
    const held = this.memo.get(copy.sku) ?? this.load([copy.sku]).get(copy.sku);
    if (held && held.version >= copy.version) return;
    this.ctx.storage.sql.exec(
      'INSERT INTO skus (sku, version, levels) VALUES (?, ?, ?) ' +
        'ON CONFLICT (sku) DO UPDATE SET version = excluded.version, levels = excluded.levels',
      copy.sku,
      copy.version,
      copy.levelsJson,
    );
    this.remember(copy.sku, { version: copy.version, text: copy.levelsJson });
    if (this.lags.length === LAG_SAMPLES) this.lags.shift();
    this.lags.push(Math.max(0, Date.now() - copy.changedAt));
  }

  /**
   * The SKUs' levels, at `locationIds` only when given (a listing at one store
   * need not carry the other nineteen), as the JSON of a MirrorAnswer. A string
   * crosses the RPC for less than the objects: a 20-line cart's levels add
   * 0.06-0.11 ms to a call between two Durable Objects as objects, 0.01-0.07
   * ms as one string the caller parses (the bench's floors). Each level's
   * JSON is made once per version of its SKU, so a read only joins strings.
   */
  read(skus: readonly string[], locationIds?: readonly string[]): string {
    if (!locationIds) return this.answer(skus, (copy) => copy.text);
    const wanted = new Set(locationIds);
    return this.answer(skus, (copy) => {
      const levels = levelsOf(copy);
      copy.json ??= levels.map((level) => JSON.stringify(level));
      const json = copy.json;
      return `[${levels.flatMap((level, i) => (wanted.has(level.locationId) ? [json[i]] : [])).join(',')}]`;
    });
  }

  /**
   * Each SKU's units on sale across `locationIds`, as the JSON of a
   * MirrorAnswer of numbers: a cart or wish-list line shows that one figure,
   * so it is summed here rather than every level sent for the caller to add
   * up (a 20-line cart read took 0.07 ms less so in the bench).
   */
  headlines(skus: readonly string[], locationIds: readonly string[]): string {
    const wanted = new Set(locationIds);
    return this.answer(skus, (copy) => String(availableAcross(levelsOf(copy), wanted)));
  }

  health(): Omit<MirrorHealth, 'replica'> {
    const { count } = this.ctx.storage.sql.exec<{ count: number }>('SELECT COUNT(*) AS count FROM skus').one();
    return { skus: count, lag: lagSummary(this.lags) };
  }

  /** `{"found":{<sku>:<entry's JSON>,…},"missing":[…]}` over the SKUs this copy holds and those it lacks. */
  private answer(skus: readonly string[], entry: (copy: Copy) => string): string {
    const loaded = this.load(skus.filter((sku) => !this.memo.has(sku)));
    const found: string[] = [];
    const missing: string[] = [];
    for (const sku of skus) {
      const copy = this.memo.get(sku) ?? loaded.get(sku);
      if (copy) found.push(`${JSON.stringify(sku)}:${entry(copy)}`);
      else missing.push(sku);
    }
    return `{"found":{${found.join(',')}},"missing":${JSON.stringify(missing)}}`;
  }

  /** Reads SKUs not in memory from storage and keeps them in memory. */
  private load(skus: readonly string[]): Map<string, Copy> {
    const found = new Map<string, Copy>();
    for (let start = 0; start < skus.length; start += MAX_BOUND_PARAMETERS) {
      const chunk = skus.slice(start, start + MAX_BOUND_PARAMETERS);
      const rows = this.ctx.storage.sql.exec<SkuRow>(
        `SELECT sku, version, levels FROM skus WHERE sku IN (${chunk.map(() => '?').join(', ')})`,
        ...chunk,
      );
      for (const row of rows) {
        const copy = { version: row.version, text: row.levels };
        found.set(row.sku, copy);
        this.remember(row.sku, copy);
      }
    }
    return found;
  }

  private remember(sku: string, copy: Copy): void {
    // Re-inserted, so the Map's order is the order of last use and its first key the one to drop.
    this.memo.delete(sku);
    this.memo.set(sku, copy);
    if (this.memo.size > MEMO_LIMIT) this.memo.delete(this.memo.keys().next().value ?? sku);
  }
}
