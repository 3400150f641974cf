import type { Schemas } from '../shared/api';
import { STOCK_LABELS, stockAt, useShop } from './state';

/** A SKU's stock where the shopper buys it (the chosen store, or delivery), from the live levels. */
export function StockBadge({ levels }: { levels: Schemas['LocationAvailability'][] | undefined }) {
  const { store, locations } = useShop();
  if (!levels) return <span class="status muted">Checking stock…</span>;
  const stock = stockAt(levels, store, locations);
  if (!stock) return <span class="status out_of_stock">Not sold at {store?.name}</span>;
  const where = store ? `at ${store.name}` : 'for delivery';
  return (
    <span class={`status ${stock.status}`} data-status={stock.status}>
      {STOCK_LABELS[stock.status]}
      {stock.available > 0 && ` (${stock.available})`} {where}
    </span>
  );
}
