import { DEFAULT_CURRENCY, selectPrice, type PriceIndex } from '../domain/pricing';
import type { PriceViewer } from '../domain/shopper';

/**
 * The unit price of one `sku` for `viewer`, as a cart line of one unit would
 * start from (the price books; promotions are not prices), or null when no
 * book prices it for them. The wish list shows it and the price-drop check
 * compares it, so both say the same amount.
 */
export function unitAmountFor(
  index: PriceIndex,
  sku: string,
  viewer: PriceViewer,
  now = new Date().toISOString(),
): number | null {
  const context = { currency: DEFAULT_CURRENCY, channel: viewer.channel, customerGroup: viewer.group, now };
  return selectPrice(index, sku, 1, context)?.unitAmount ?? null;
}
