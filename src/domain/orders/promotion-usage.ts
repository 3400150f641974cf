/**
 * Who an order counts as, for a promotion's perCustomerLimit: the signed-in
 * customer's id and the order's contact e-mail and phone, normalised so
 * `Ana@Example.com ` and `ana@example.com` are one person. An order counts
 * against the limit under every key it has, so a guest cannot reuse a
 * once-per-customer coupon by checking out again with the same contact, and
 * a customer cannot by checking out as a guest. An order with no key (a
 * guest who gave no contact) cannot be counted, so it is refused such
 * promotions.
 *
 * A customer's key is their bare id (the usage rows written before contacts
 * were counted); contacts carry a prefix so they never collide with an id.
 */
export function promotionUsageKeys(customerId: string | null, contact: { email?: string; phone?: string }): string[] {
  const keys = new Set<string>();
  if (customerId) keys.add(customerId);
  const email = contact.email?.trim().toLowerCase();
  if (email) keys.add(`email:${email}`);
  const phone = contact.phone?.replace(/\D/g, '');
  if (phone) keys.add(`phone:${phone}`);
  // Sorted so concurrent orders lock the usage rows in the same order.
  return [...keys].sort();
}
