import { and, eq, inArray, sql } from 'drizzle-orm';
import { promotionUsageKeys } from '../domain/orders';
import type { Transaction } from './client';
import { orders, promotionCustomerUsage, promotionRedemptions, promotions } from './schema';

interface ReleasedOrder extends Record<string, unknown> {
  customer_id: string | null;
  contact: Record<string, string>;
  /** The released promotions someone's per-customer uses are counted for. */
  counted_per_customer: string[];
}

/**
 * Gives back what an order took of its promotions' usage, in the caller's
 * transaction (a cancel, as the status changes): its redemption rows are
 * deleted, each of those promotions' usage_count goes down by one, and so
 * do the per-customer uses under every usage key of the order. Deleting the
 * redemptions is what makes it idempotent: a second call finds none and
 * gives nothing back twice. No count goes below zero.
 *
 * The keys are promotionUsageKeys of the order's stored customer and
 * contact, the ones insertOrder counted under, so they need a first
 * statement to read; the per-customer release is a second statement only
 * when a released promotion has per-customer uses counted at all.
 */
export async function releasePromotionUsage(tx: Transaction, orderId: string): Promise<void> {
  const released = tx
    .delete(promotionRedemptions)
    .where(eq(promotionRedemptions.orderId, orderId))
    .returning({ promotionId: promotionRedemptions.promotionId })
    .getSQL();
  const countedBack = tx
    .update(promotions)
    .set({ usageCount: sql`greatest(${promotions.usageCount} - 1, 0)` })
    .where(inArray(promotions.id, sql`(select "promotion_id" from released)`))
    .getSQL();
  const result = await tx.execute<ReleasedOrder>(sql`
    with released as (${released}), counted_back as (${countedBack})
    select ${orders.customerId} as customer_id, ${orders.contact} as contact,
      array(select promotion_id from released
        where exists (select 1 from ${promotionCustomerUsage} counted where counted.promotion_id = released.promotion_id)
        order by promotion_id) as counted_per_customer
    from ${orders} where ${orders.id} = ${orderId}`);
  const order = result.rows[0];
  if (!order || order.counted_per_customer.length === 0) return;
  const keys = promotionUsageKeys(order.customer_id, order.contact);
  if (keys.length === 0) return;
  // Not filtered by the promotions' perCustomerLimit now: it may have been lifted since the order counted its uses.
  await tx
    .update(promotionCustomerUsage)
    .set({ uses: sql`greatest(${promotionCustomerUsage.uses} - 1, 0)` })
    .where(
      and(
        inArray(promotionCustomerUsage.promotionId, order.counted_per_customer),
        inArray(promotionCustomerUsage.customerId, keys),
      ),
    );
}
