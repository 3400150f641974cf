import { priceBasket, selectPrices, type PricingContext } from '../domain/pricing';
import { ApiError } from '../lib/errors';
import { quoteClaimsOf, signQuote } from '../quotes/quote-token';
import { PricingReadModel } from '../read-model/pricing';

// Prices and quotes for a caller, from the pricing snapshot on the edge read
// model: the same engine every channel and checkout use, no Postgres.

/** Each SKU's price for the caller, with its tiers; SKUs without one are listed as unpriced. */
export async function pricesFor(env: Env, skus: readonly string[], context: PricingContext) {
  const pricing = await new PricingReadModel(env.READ_MODEL).current();
  const { prices, unpriced } = selectPrices(pricing.priceIndex, skus, context);
  return { currency: context.currency, channel: context.channel, prices, unpriced };
}

/** The basket priced exactly as a cart would be, with a signed quote that checkout honours until it expires. */
export async function quoteBasket(
  env: Env,
  signingSecret: string,
  basketRequest: { lines: readonly { sku: string; quantity: number }[]; coupons: readonly string[] },
  context: PricingContext,
) {
  const pricing = await new PricingReadModel(env.READ_MODEL).current();
  const basket = priceBasket({
    ...basketRequest,
    context,
    priceIndex: pricing.priceIndex,
    promotions: pricing.promotions,
  });
  if (basket.unpriced.length > 0) {
    throw new ApiError('unprocessable', `No ${context.currency} price for: ${basket.unpriced.join(', ')}.`, {
      extensions: { unpriced: basket.unpriced },
    });
  }
  const { token, expiresAt } = await signQuote(quoteClaimsOf(basket, context.customerGroup), signingSecret);
  const { unpriced: _none, ...priced } = basket;
  return { ...priced, quoteToken: token, expiresAt };
}
