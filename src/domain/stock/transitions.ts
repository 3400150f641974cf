import { availableAt, type StockLevel } from './levels';

export type TransitionKind = 'low_stock' | 'back_in_stock';

/**
 * The changes of a location's availability that the outside world is told
 * about: dropping to or below the low-stock threshold (from above it), and
 * coming back from nothing. A threshold of 0 means "no low-stock alerts", so
 * running out is then only visible as the status.
 */
export function detectTransitions(before: StockLevel, after: StockLevel): TransitionKind[] {
  const was = availableAt(before);
  const now = availableAt(after);
  const transitions: TransitionKind[] = [];
  if (after.lowStockThreshold > 0 && was > after.lowStockThreshold && now <= after.lowStockThreshold) {
    transitions.push('low_stock');
  }
  if (was === 0 && now > 0) transitions.push('back_in_stock');
  return transitions;
}
