import { applyCartChange, type CartState } from '../../src/domain/cart';
import { priceBasket, validateCoupon } from '../../src/domain/pricing';
import { PricingReadModel } from '../../src/read-model/pricing';
import type { Handover } from './store';
import type { CartViewer } from './outcome';

/** Whether `code` applies to the cart as it stands for this viewer, and if not, why. */
export async function checkCoupon(env: Env, code: string, state: CartState, viewer: CartViewer, now: string) {
  const pricing = await new PricingReadModel(env.READ_MODEL).current();
  const context = { currency: state.currency, channel: viewer.channel, customerGroup: viewer.group, now };
  const { totals } = priceBasket({
    lines: state.lines,
    coupons: [],
    context,
    priceIndex: pricing.priceIndex,
    promotions: pricing.promotions,
  });
  return validateCoupon(code, { promotions: pricing.promotions, context, subtotal: totals.subtotal });
}

/** The guest's coupons that still apply once its lines join this cart; the others are dropped. */
export async function couponsStillValid(
  env: Env,
  current: CartState,
  handover: Handover,
  viewer: CartViewer,
  now: string,
): Promise<string[]> {
  const merged = applyCartChange(current, { kind: 'merge', lines: handover.lines, coupons: [] }, now);
  if (!merged.ok) return [];
  const checks = await Promise.all(
    handover.coupons.map(async (code) => [code, await checkCoupon(env, code, merged.state, viewer, now)] as const),
  );
  return checks.filter(([, check]) => check.ok).map(([code]) => code);
}
