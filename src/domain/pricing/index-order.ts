// Up to this many values an insertion sort of the indices is the fastest:
// no typed array to allocate, and a basket's lines or unit groups are few.
const INSERTION_SORT_MAX = 64;

/**
 * Indices of `values` (non-negative integers) ordered by value, ties to the
 * earlier index. This runs for every promotion of every basket. A few values
 * are insertion-sorted. Beyond that, when every value × length stays a safe
 * integer, each (value, index) pair is packed into one number and a
 * Float64Array sorts them natively: several times faster than a comparator.
 */
export function indicesByValue(values: readonly number[], direction: 'ascending' | 'descending'): number[] {
  const count = values.length;
  if (count <= INSERTION_SORT_MAX) return indicesByInsertion(values, direction);
  let largest = 0;
  for (const value of values) largest = Math.max(largest, value);
  if (!Number.isSafeInteger((largest + 1) * count)) return indicesByComparator(values, direction);
  const keys = new Float64Array(count);
  const descending = direction === 'descending';
  for (let index = 0; index < count; index += 1) {
    keys[index] = (values[index] ?? 0) * count + (descending ? count - 1 - index : index);
  }
  keys.sort();
  const order: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const key = keys[descending ? count - 1 - i : i] ?? 0;
    const slot = key % count;
    order.push(descending ? count - 1 - slot : slot);
  }
  return order;
}

function indicesByComparator(values: readonly number[], direction: 'ascending' | 'descending'): number[] {
  const sign = direction === 'ascending' ? 1 : -1;
  const indices = values.map((_, index) => index);
  // Array.prototype.sort is stable, so equal values keep index order.
  return indices.sort((a, b) => sign * ((values[a] ?? 0) - (values[b] ?? 0)));
}

// Stable: an index moves before an earlier one only past a strictly later-ordered value.
function indicesByInsertion(values: readonly number[], direction: 'ascending' | 'descending'): number[] {
  const sign = direction === 'ascending' ? 1 : -1;
  const order: number[] = [];
  for (let index = 0; index < values.length; index += 1) {
    const value = sign * (values[index] ?? 0);
    let slot = order.length;
    while (slot > 0 && sign * (values[order[slot - 1] ?? 0] ?? 0) > value) {
      order[slot] = order[slot - 1] ?? 0;
      slot -= 1;
    }
    order[slot] = index;
  }
  return order;
}
