import { allocateProRata } from './allocate';
import { indicesByValue } from './index-order';
import { applyBasisPoints, FULL_BASIS_POINTS, floorDivide, isPositiveInteger, sumOf } from './money';
import type { Promotion, PromotionTarget } from './types';

export interface DiscountableLine {
  sku: string;
  quantity: number;
}

// A SKU promotion may target thousands of SKUs and is applied to every basket
// priced under one snapshot, so its set is built once per target, not per basket.
const targetSets = new WeakMap<PromotionTarget, ReadonlySet<string>>();

function targetSkus(target: PromotionTarget): ReadonlySet<string> {
  let skus = targetSets.get(target);
  if (!skus) {
    skus = new Set(target.skus ?? []);
    targetSets.set(target, skus);
  }
  return skus;
}

/** Indices of the lines a promotion's target covers. */
export function targetIndices(promotion: Promotion, lines: readonly DiscountableLine[]): number[] {
  const indices = lines.map((_, index) => index);
  if (promotion.target.scope === 'order') return indices;
  const skus = targetSkus(promotion.target);
  return indices.filter((index) => skus.has(lines[index]?.sku ?? ''));
}

/**
 * The discount one promotion gives each line, computed on `remaining` (each
 * line's amount after the promotions applied before it). No line's
 * discount exceeds its remaining amount. Values outside their meaningful
 * range are clamped: a promotion never raises a price.
 */
export function discountPerLine(
  promotion: Promotion,
  lines: readonly DiscountableLine[],
  remaining: readonly number[],
  targets: readonly number[],
): number[] {
  switch (promotion.kind) {
    case 'percent_off': {
      const base = sumAt(remaining, targets);
      return spread(applyBasisPoints(base, clampBasisPoints(promotion.value)), remaining, targets);
    }
    case 'amount_off':
      return spread(Math.max(0, Math.trunc(promotion.value)), remaining, targets);
    case 'buy_x_get_y':
      return buyXGetY(promotion, lines, remaining, targets);
  }
}

/** An order-level amount, capped at what the targets have left, allocated pro rata. */
function spread(amount: number, remaining: readonly number[], targets: readonly number[]): number[] {
  const weights = targets.map((index) => remaining[index] ?? 0);
  const total = Math.min(amount, sumAt(remaining, targets));
  const shares = allocateProRata(total, weights);
  const perLine = remaining.map(() => 0);
  targets.forEach((lineIndex, position) => {
    perLine[lineIndex] = shares[position] ?? 0;
  });
  return perLine;
}

// For every (buy + get) eligible units, `get` units are discounted, the
// cheapest first. A line's remaining amount may not divide by its quantity
// (after an earlier promotion), so its units are split into at most two
// groups whose unit amounts differ by one minor unit and sum to the
// remaining amount.
function buyXGetY(
  promotion: Promotion,
  lines: readonly DiscountableLine[],
  remaining: readonly number[],
  targets: readonly number[],
): number[] {
  const perLine = remaining.map(() => 0);
  const { buyQuantity, getQuantity } = promotion;
  if (buyQuantity === null || getQuantity === null || !isPositiveInteger(getQuantity)) return perLine;
  if (!Number.isSafeInteger(buyQuantity) || buyQuantity < 0) return perLine;
  const groups = unitGroupsOf(lines, remaining, targets);
  let discountedUnits = floorDivide(sumOf(groups.counts), buyQuantity + getQuantity) * getQuantity;
  // Groups were added line by line, so ties go to the earlier line.
  for (const group of indicesByValue(groups.unitAmounts, 'ascending')) {
    if (discountedUnits === 0) break;
    const taken = Math.min(groups.counts[group] ?? 0, discountedUnits);
    const lineIndex = groups.lineIndices[group] ?? 0;
    discountedUnits -= taken;
    perLine[lineIndex] = (perLine[lineIndex] ?? 0) + taken * (groups.unitAmounts[group] ?? 0);
  }
  const basisPoints = clampBasisPoints(promotion.value);
  return perLine.map((amount) => applyBasisPoints(amount, basisPoints));
}

/** Units that share one (remaining) unit amount, as parallel columns. */
interface UnitGroups {
  lineIndices: number[];
  unitAmounts: number[];
  counts: number[];
}

function unitGroupsOf(
  lines: readonly DiscountableLine[],
  remaining: readonly number[],
  targets: readonly number[],
): UnitGroups {
  const groups: UnitGroups = { lineIndices: [], unitAmounts: [], counts: [] };
  for (const lineIndex of targets) {
    const quantity = lines[lineIndex]?.quantity ?? 0;
    if (quantity === 0) continue;
    const amount = remaining[lineIndex] ?? 0;
    const base = floorDivide(amount, quantity);
    const dearer = amount % quantity;
    addUnitGroup(groups, lineIndex, base, quantity - dearer);
    if (dearer > 0) addUnitGroup(groups, lineIndex, base + 1, dearer);
  }
  return groups;
}

function addUnitGroup(groups: UnitGroups, lineIndex: number, unitAmount: number, count: number): void {
  groups.lineIndices.push(lineIndex);
  groups.unitAmounts.push(unitAmount);
  groups.counts.push(count);
}

function clampBasisPoints(value: number): number {
  return Math.min(FULL_BASIS_POINTS, Math.max(0, Math.trunc(value)));
}

function sumAt(values: readonly number[], indices: readonly number[]): number {
  let total = 0;
  for (const index of indices) total += values[index] ?? 0;
  return total;
}
