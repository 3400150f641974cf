import type { CartChange } from '../../src/domain/cart';
import { CatalogReadModel } from '../../src/read-model/catalog';
import { unprocessable, type CartFailure } from './outcome';

/**
 * What a change needs from the catalog before the cart takes it: a SKU that
 * is sold, a store that offers the chosen pickup. Read from the edge read
 * model, before the write, which itself runs without an await.
 */
export async function catalogRefusal(catalog: CatalogReadModel, change: CartChange): Promise<CartFailure | null> {
  switch (change.kind) {
    case 'add_item':
    case 'set_quantity': {
      if (change.kind === 'set_quantity' && change.quantity === 0) return null;
      const product = await catalog.product(change.sku);
      if (!product) return unprocessable(`There is no product with SKU ${change.sku}.`);
      if (!product.active) return unprocessable(`${change.sku} is no longer sold.`);
      return null;
    }
    case 'set_fulfillment': {
      const { type, locationId } = change.fulfillment;
      if (type === 'ship' || locationId === null) return null;
      const location = (await catalog.locations()).find((candidate) => candidate.id === locationId);
      if (!location) return unprocessable(`There is no location ${locationId}.`);
      if (!location[type]) return unprocessable(`${location.name} does not offer ${type}.`);
      return null;
    }
    default:
      return null;
  }
}
