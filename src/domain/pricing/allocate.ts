import { indicesByValue } from './index-order';
import { isNonNegativeInteger } from './money';

/**
 * Splits `total` over `weights` in proportion to each weight, with the
 * largest-remainder method: every share is floor(total × w / Σw), then the
 * minor units left over go one each to the largest remainders (ties: the
 * earlier index). The shares sum exactly to `total`, and no share exceeds
 * its weight, so discounted lines never go below zero.
 */
export function allocateProRata(total: number, weights: readonly number[]): number[] {
  if (!isNonNegativeInteger(total)) throw new RangeError(`total must be a non-negative integer: ${total}`);
  let weightSum = 0;
  for (const weight of weights) {
    if (!isNonNegativeInteger(weight)) throw new RangeError(`weights must be non-negative integers: ${weight}`);
    weightSum += weight;
  }
  if (total > weightSum) throw new RangeError(`cannot allocate ${total} over weights summing to ${weightSum}`);
  if (total === 0) return weights.map(() => 0);
  return Number.isSafeInteger(total * weightSum)
    ? allocateSafe(total, weights, weightSum)
    : allocateBig(total, weights, weightSum);
}

function allocateSafe(total: number, weights: readonly number[], weightSum: number): number[] {
  const shares: number[] = [];
  const remainders: number[] = [];
  let allocated = 0;
  for (const weight of weights) {
    const scaled = total * weight;
    const remainder = scaled % weightSum;
    const share = (scaled - remainder) / weightSum;
    shares.push(share);
    remainders.push(remainder);
    allocated += share;
  }
  const leftover = total - allocated;
  return leftover === 0 ? shares : addOneEach(shares, indicesByValue(remainders, 'descending'), leftover);
}

function allocateBig(total: number, weights: readonly number[], weightSum: number): number[] {
  const bigTotal = BigInt(total);
  const bigSum = BigInt(weightSum);
  const shares: number[] = [];
  const remainders: bigint[] = [];
  let allocated = 0;
  for (const weight of weights) {
    const scaled = bigTotal * BigInt(weight);
    const share = Number(scaled / bigSum);
    shares.push(share);
    remainders.push(scaled % bigSum);
    allocated += share;
  }
  return addOneEach(shares, bigIndicesDescending(remainders), total - allocated);
}

// The leftover is the sum of the fractional parts, so it is smaller than the
// number of positive remainders: only lines with a fractional share get +1
// (largest remainders first, ties to the earlier index), and
// floor(x) + 1 ≤ weight whenever x < weight.
function addOneEach(shares: number[], order: readonly number[], leftover: number): number[] {
  for (let i = 0; i < leftover; i += 1) {
    const index = order[i];
    if (index !== undefined) shares[index] = (shares[index] ?? 0) + 1;
  }
  return shares;
}

function bigIndicesDescending(values: readonly bigint[]): number[] {
  const indices = values.map((_, index) => index);
  // Array.prototype.sort is stable, so equal remainders keep index order.
  return indices.sort((a, b) => {
    const va = values[a] ?? 0n;
    const vb = values[b] ?? 0n;
    if (va === vb) return 0;
    return va > vb ? -1 : 1;
  });
}
