import type { Schemas } from '../../../src/client';

/**
 * The bench dataset: a national retailer with 10,000 SKUs, 4 warehouses and
 * 16 stores, two price books, ten live promotions and stock for every SKU at
 * every location. Everything is derived from the index, so every run (and
 * every re-run against BENCH_URL) loads the same rows: loading is a replay.
 */
export const SKU_COUNT = 10_000;
const WAREHOUSES = 4;
const STORES = 16;

export const skuAt = (index: number) => `BN-${String(index).padStart(5, '0')}`;

/** The hot SKU of `hot-sku-holds` (not a best seller, so no other scenario touches it). */
export const HOT_SKU = skuAt(SKU_COUNT - 1);

/**
 * The scenarios draw their SKUs from the best sellers: every fifth SKU, so
 * 2,000 spread over every category and promotion. Traffic is skewed like
 * that in a real shop, and it keeps the set of awake StockDOs bounded: workerd
 * holds each woken DO's SQLite files open until it has been idle ~10 s (four
 * descriptors each), and waking all 10,000 within seconds runs a one-process
 * runtime out of its 20,000 open files, where production spreads DOs over
 * many machines.
 */
export const BEST_SELLERS = 2000;
export const bestSellerAt = (index: number) => skuAt((index % BEST_SELLERS) * (SKU_COUNT / BEST_SELLERS));

const cities = [
  ['Chicago', 41.88, -87.63],
  ['New York', 40.71, -74.01],
  ['Los Angeles', 34.05, -118.24],
  ['Houston', 29.76, -95.37],
  ['Phoenix', 33.45, -112.07],
  ['Philadelphia', 39.95, -75.17],
  ['San Antonio', 29.42, -98.49],
  ['San Diego', 32.72, -117.16],
  ['Dallas', 32.78, -96.8],
  ['Austin', 30.27, -97.74],
  ['Seattle', 47.61, -122.33],
  ['Denver', 39.74, -104.99],
  ['Boston', 42.36, -71.06],
  ['Atlanta', 33.75, -84.39],
  ['Miami', 25.76, -80.19],
  ['Portland', 45.52, -122.68],
] as const;

type BenchLocation = Schemas['Location'];

const warehouses: BenchLocation[] = Array.from({ length: WAREHOUSES }, (_, i) => {
  const [city, lat, lng] = cities[i * 4] ?? cities[0];
  return {
    id: `bn-wh-${i + 1}`,
    name: `${city} Fulfilment Centre`,
    kind: 'warehouse',
    lat: lat - 0.1,
    lng: lng - 0.1,
    pickup: false,
    curbside: false,
    shipFrom: true,
  };
});

const stores: BenchLocation[] = cities.slice(0, STORES).map(([city, lat, lng], i) => ({
  id: `bn-store-${String(i + 1).padStart(2, '0')}`,
  name: `Aisle ${city}`,
  kind: 'store',
  lat,
  lng,
  pickup: true,
  curbside: i % 2 === 0,
  // A quarter of the stores also ship online orders.
  shipFrom: i % 4 === 0,
}));

export const benchLocations: BenchLocation[] = [...warehouses, ...stores];
export const benchStores = stores;

/** The store of `hot-sku-holds`. */
export const HOT_STORE = stores[0]?.id ?? 'bn-store-01';

const categories = [
  'Apparel',
  'Home',
  'Kitchen',
  'Outdoor',
  'Stationery',
  'Beauty',
  'Toys',
  'Garden',
  'Electronics',
  'Grocery',
];

export const benchProducts: Schemas['ProductUpsert'][] = Array.from({ length: SKU_COUNT }, (_, i) => {
  const category = categories[i % categories.length] ?? 'General';
  return {
    sku: skuAt(i),
    title: `${category} item ${i}`,
    description: `Bench product ${i} in ${category}.`,
    attributes: { category, size: ['S', 'M', 'L', 'XL'][i % 4] },
    active: true,
  };
});

export const benchPriceBooks: Schemas['PriceBookInput'][] = [
  { id: 'bn-list-usd', currency: 'USD', channel: null, priority: 0 },
  // The app has its own, slightly lower, prices: a more specific book for that channel.
  { id: 'bn-app-usd', currency: 'USD', channel: 'app', priority: 0 },
];

const listPrice = (i: number) => 499 + ((i * 7919) % 19_500);

export const benchPrices = benchProducts.flatMap((product, i) => {
  const rows: Schemas['PriceInput'][] = [
    {
      priceBookId: 'bn-list-usd',
      sku: product.sku,
      unitAmount: listPrice(i),
      minQuantity: 1,
      compareAtAmount: i % 5 === 0 ? listPrice(i) + 500 : null,
    },
    {
      priceBookId: 'bn-app-usd',
      sku: product.sku,
      unitAmount: Math.round(listPrice(i) * 0.95),
      minQuantity: 1,
      compareAtAmount: null,
    },
  ];
  // One SKU in ten is cheaper by the three.
  if (i % 10 === 3)
    rows.push({
      priceBookId: 'bn-list-usd',
      sku: product.sku,
      unitAmount: listPrice(i) - 100,
      minQuantity: 3,
      compareAtAmount: null,
    });
  return rows;
});

const skuRange = (from: number, count: number) => Array.from({ length: count }, (_, k) => skuAt(from + k));

/** Ten live promotions: mostly SKU-targeted (so carts price realistically), of every kind, two order-wide. */
export const benchPromotions: Schemas['PromotionInput'][] = [
  {
    id: 'bn-apparel-10',
    name: 'Apparel 10% off',
    kind: 'percent_off',
    value: 1000,
    target: { scope: 'skus', skus: skuRange(0, 1000) },
  },
  {
    id: 'bn-home-15',
    name: 'Home 15% off',
    kind: 'percent_off',
    value: 1500,
    target: { scope: 'skus', skus: skuRange(1000, 1000) },
  },
  {
    id: 'bn-kitchen-2off',
    name: '$2 off kitchen',
    kind: 'amount_off',
    value: 200,
    target: { scope: 'skus', skus: skuRange(2000, 1000) },
  },
  {
    id: 'bn-outdoor-3for2',
    name: 'Outdoor: buy 2, get 1 free',
    kind: 'buy_x_get_y',
    value: 10_000,
    buyQuantity: 2,
    getQuantity: 1,
    target: { scope: 'skus', skus: skuRange(3000, 1000) },
  },
  {
    id: 'bn-stationery-bogo50',
    name: 'Stationery: second one half price',
    kind: 'buy_x_get_y',
    value: 5000,
    buyQuantity: 1,
    getQuantity: 1,
    target: { scope: 'skus', skus: skuRange(4000, 1000) },
  },
  {
    id: 'bn-beauty-app-20',
    name: 'Beauty 20% off in the app',
    kind: 'percent_off',
    value: 2000,
    conditions: { channels: ['app'] },
    target: { scope: 'skus', skus: skuRange(5000, 1000) },
  },
  {
    id: 'bn-toys-vip-25',
    name: 'Toys 25% off for VIPs',
    kind: 'percent_off',
    value: 2500,
    conditions: { customerGroups: ['vip'] },
    target: { scope: 'skus', skus: skuRange(6000, 1000) },
  },
  {
    id: 'bn-garden-5off',
    name: '$5 off garden over $40',
    kind: 'amount_off',
    value: 500,
    conditions: { minSubtotal: 4000 },
    target: { scope: 'skus', skus: skuRange(7000, 1000) },
  },
  {
    id: 'bn-order-5',
    name: '5% off orders over $150',
    kind: 'percent_off',
    value: 500,
    conditions: { minSubtotal: 15_000 },
    target: { scope: 'order' },
  },
  {
    id: 'bn-coupon-save10',
    name: 'SAVE10: 10% off',
    kind: 'percent_off',
    value: 1000,
    code: 'BNSAVE10',
    target: { scope: 'order' },
  },
];

/** Plenty in the warehouses, a few dozen in each store: enough that no scenario runs a SKU out. */
function openingQuantity(skuIndex: number, location: BenchLocation, locationIndex: number): number {
  if (location.kind === 'warehouse') return 500 + ((skuIndex * 31 + locationIndex * 17) % 500);
  return 40 + ((skuIndex * 7 + locationIndex * 5) % 60);
}

/** The opening stock of the SKUs [from, from + count), every location each: one admin call's worth. */
export function openingStock(from: number, count: number): Schemas['StockMovement'][] {
  return benchProducts.slice(from, from + count).flatMap((product, k) =>
    benchLocations.map((location, locationIndex) => ({
      id: `bn-open:${product.sku}:${location.id}`,
      sku: product.sku,
      locationId: location.id,
      type: 'set',
      quantity: openingQuantity(from + k, location, locationIndex),
    })),
  );
}
