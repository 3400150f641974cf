/**
 * The shop's state shared by its screens: the cart, kept live by the cart socket (a change on any device of
 * this shopper arrives here), and the store the shopper chose (kept in this browser).
 */
import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useState } from 'preact/hooks';
import { apiClient, call, type AisleClient, type Schemas } from '../shared/api';
import { useLive, type LiveState } from '../shared/live';
import type { Session } from '../shared/session';

export type Cart = Schemas['Cart'];
export type Location = Schemas['Location'];

export interface Shop {
  session: Session;
  api: AisleClient;
  cart: Cart | undefined;
  /** Takes a cart a write answered (the socket will say the same a moment later). */
  setCart: (cart: Cart) => void;
  cartFeed: LiveState;
  locations: Location[];
  /** The store availability is shown at; null: delivery (the ship-from network). */
  store: Location | null;
  chooseStore: (locationId: string | null) => void;
}

const STORE_KEY = 'aisle.shop.store';

export const ShopContext = createContext<Shop | null>(null);

export function useShop(): Shop {
  const shop = useContext(ShopContext);
  if (!shop) throw new Error('useShop outside <ShopContext.Provider>');
  return shop;
}

export function useShopState(session: Session): Shop {
  const [api] = useState(() => apiClient(session.token));
  const [cart, setCartState] = useState<Cart>();
  const [locations, setLocations] = useState<Location[]>([]);
  const [storeId, setStoreId] = useState<string | null>(() => localStorage.getItem(STORE_KEY));

  useEffect(() => {
    void call(api.GET('/v1/locations')).then(
      ({ locations: list }) => setLocations(list),
      () => setLocations([]),
    );
  }, [api]);

  // Newer versions only: a write's answer and the socket's message for the same change may arrive in any order.
  const setCart = useCallback((next: Cart) => {
    setCartState((current) => (current && current.id === next.id && current.version > next.version ? current : next));
  }, []);
  const cartFeed = useLive<{ type: 'cart'; cart: Cart }>(
    {
      path: '/v1/cart/live',
      token: session.token,
      onMessage: (message) => {
        if (message.type === 'cart') setCart(message.cart);
      },
    },
    [session.token],
  );

  const chooseStore = useCallback((locationId: string | null) => {
    if (locationId) localStorage.setItem(STORE_KEY, locationId);
    else localStorage.removeItem(STORE_KEY);
    setStoreId(locationId);
  }, []);
  const store = locations.find((location) => location.id === storeId) ?? null;
  return { session, api, cart, setCart, cartFeed, locations, store, chooseStore };
}

export type StockStatus = Schemas['StockStatus'];

export interface Stock {
  available: number;
  status: StockStatus;
}

/** A SKU's availability at the chosen store, or for delivery (summed over the ship-from locations). */
export function stockAt(
  levels: Schemas['LocationAvailability'][],
  store: Location | null,
  locations: Location[],
): Stock | undefined {
  if (store) {
    const level = levels.find((entry) => entry.locationId === store.id);
    return level ? { available: level.available, status: level.status } : undefined;
  }
  const shipFrom = new Set(locations.filter((location) => location.shipFrom).map((location) => location.id));
  const available = levels
    .filter((entry) => shipFrom.has(entry.locationId))
    .reduce((sum, entry) => sum + entry.available, 0);
  return { available, status: available > 0 ? 'in_stock' : 'out_of_stock' };
}

type AvailabilityMessage = { type: 'availability'; sku: string; locations: Schemas['LocationAvailability'][] };

/** A SKU's availability at every location, live (the availability socket). */
export function useLiveAvailability(sku: string): Schemas['LocationAvailability'][] | undefined {
  const [levels, setLevels] = useState<Schemas['LocationAvailability'][]>();
  useLive<AvailabilityMessage>(
    {
      path: '/v1/availability/{sku}/live',
      params: { sku },
      onMessage: (message) => {
        if (message.type === 'availability' && message.sku === sku) setLevels(message.locations);
      },
    },
    [sku],
  );
  return levels;
}

export const STOCK_LABELS: Record<StockStatus, string> = {
  in_stock: 'In stock',
  low_stock: 'Low stock',
  out_of_stock: 'Out of stock',
};
