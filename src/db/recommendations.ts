import { sql, type SQL } from 'drizzle-orm';
import type { BoughtTogether } from '../domain/recommendations';
import type { Database, Transaction } from './client';

const textArray = (values: readonly string[]) =>
  sql`array[${sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )}]::text[]`;

/**
 * The CTEs of insertOrder's statement that count an order's pairs: +1 for
 * each pair of `skus` (distinct, already capped: pairedSkus). The rows are
 * upserted in (sku_a, sku_b) order, the primary key's, so concurrent orders
 * sharing pairs take their row locks in the same order and wait for each
 * other instead of deadlocking; the upsert's row lock is what makes their
 * counts exact. None for an order of fewer than two SKUs.
 */
export function skuPairWrites(skus: readonly string[]): SQL[] {
  if (skus.length < 2) return [];
  return [
    sql`paired_skus as (select unnest(${textArray(skus)}) as sku)`,
    sql`sku_pairs_counted as (
      insert into sku_pairs (sku_a, sku_b, orders)
      select a.sku, b.sku, 1 from paired_skus a join paired_skus b on a.sku < b.sku
      order by a.sku, b.sku
      on conflict (sku_a, sku_b) do update set orders = sku_pairs.orders + 1)`,
  ];
}

/** Each SKU's `kept` best partners (most orders first, then SKU); a SKU never paired has an empty list. */
export async function partnersOf(
  db: Database | Transaction,
  skus: readonly string[],
  kept: number,
): Promise<Map<string, BoughtTogether[]>> {
  const lists = new Map<string, BoughtTogether[]>(skus.map((sku) => [sku, []]));
  if (skus.length === 0) return lists;
  const result = await db.execute<{ sku: string; partner: string; orders: number }>(sql`
    select s.sku, p.partner, p.orders
      from unnest(${textArray(skus)}) as s(sku)
      cross join lateral (
        select sku_b as partner, orders from sku_pairs where sku_a = s.sku
        union all
        select sku_a, orders from sku_pairs where sku_b = s.sku
        order by orders desc, partner
        limit ${kept}
      ) p
     order by s.sku, p.orders desc, p.partner`);
  for (const row of result.rows) lists.get(row.sku)?.push({ sku: row.partner, score: Number(row.orders) });
  return lists;
}

/**
 * Every SKU the customer bought on any channel, the most recently bought
 * first. A cancelled order was never theirs; a returned one was (they had it).
 */
export async function skusBoughtBy(db: Database, customerId: string): Promise<string[]> {
  const result = await db.execute<{ sku: string }>(sql`
    select l.sku from order_lines l join orders o on o.id = l.order_id
     where o.customer_id = ${customerId} and o.status <> 'cancelled'
     group by l.sku
     order by max(o.created_at) desc, l.sku`);
  return result.rows.map((row) => row.sku);
}
