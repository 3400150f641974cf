import type { Schemas } from '../../src/client';

/**
 * The demo store: a small Chicago retailer with one warehouse and four stores
 * (real coordinates) and ~50 SKUs of everyday goods, typed as the admin API
 * takes them.
 */
export const demoLocations: Schemas['Location'][] = [
  {
    id: 'wh-pilsen',
    name: 'Pilsen Warehouse',
    kind: 'warehouse',
    lat: 41.8497,
    lng: -87.6621,
    pickup: false,
    curbside: false,
    shipFrom: true,
  },
  {
    id: 'store-loop',
    name: 'Aisle Loop (State St)',
    kind: 'store',
    lat: 41.8837,
    lng: -87.6278,
    pickup: true,
    curbside: false,
    shipFrom: true,
  },
  {
    id: 'store-lincoln-park',
    name: 'Aisle Lincoln Park',
    kind: 'store',
    lat: 41.9214,
    lng: -87.6513,
    pickup: true,
    curbside: true,
    shipFrom: false,
  },
  {
    id: 'store-wicker-park',
    name: 'Aisle Wicker Park',
    kind: 'store',
    lat: 41.9088,
    lng: -87.6796,
    pickup: true,
    curbside: true,
    shipFrom: false,
  },
  {
    id: 'store-hyde-park',
    name: 'Aisle Hyde Park',
    kind: 'store',
    lat: 41.7943,
    lng: -87.5907,
    pickup: true,
    curbside: false,
    shipFrom: false,
  },
];

interface Family {
  code: string;
  title: string;
  description: string;
  /** Online list price in cents; the stores' book may differ. */
  price: number;
  storePrice?: number;
  variants: Record<string, string>[];
}

const sizes = ['S', 'M', 'L', 'XL'];
const withSizes = (colors: string[]) => colors.flatMap((color) => sizes.map((size) => ({ color, size })));

const families: Family[] = [
  {
    code: 'TEE-ORG',
    price: 2800,
    title: 'Organic Cotton Tee',
    description: 'Midweight 180 gsm organic cotton, pre-shrunk.',
    variants: withSizes(['Black', 'White', 'Navy']),
  },
  {
    code: 'HOOD-FLC',
    price: 6400,
    storePrice: 5900,
    title: 'Fleece Hoodie',
    description: 'Brushed-back fleece with a lined hood.',
    variants: withSizes(['Heather Grey', 'Forest']),
  },
  {
    code: 'MUG-STONE',
    price: 1800,
    title: 'Stoneware Mug 350 ml',
    description: 'Dishwasher-safe reactive glaze.',
    variants: ['Sand', 'Slate', 'Sage', 'Clay'].map((color) => ({ color })),
  },
  {
    code: 'BTL-STEEL',
    price: 3200,
    title: 'Insulated Bottle 750 ml',
    description: 'Keeps drinks cold for 24 hours.',
    variants: ['Black', 'Sky', 'Coral'].map((color) => ({ color })),
  },
  {
    code: 'PACK-DAY',
    price: 7900,
    title: 'Daypack 22 L',
    description: 'Recycled nylon, padded laptop sleeve.',
    variants: ['Black', 'Olive', 'Rust'].map((color) => ({ color })),
  },
  {
    code: 'SOCK-MER',
    price: 1600,
    storePrice: 1500,
    title: 'Merino Crew Socks',
    description: 'Cushioned merino blend, pair.',
    variants: ['S', 'M', 'L', 'XL'].map((size) => ({ size })),
  },
  {
    code: 'CAP-CANV',
    price: 2400,
    title: 'Canvas Cap',
    description: 'Washed canvas six-panel cap.',
    variants: ['Khaki', 'Black', 'Navy'].map((color) => ({ color })),
  },
  {
    code: 'NOTE-A5',
    price: 1400,
    title: 'A5 Notebook',
    description: 'Lay-flat binding, 192 pages.',
    variants: ['Dot', 'Lined', 'Grid', 'Blank'].map((ruling) => ({ ruling })),
  },
  {
    code: 'CNDL-SOY',
    price: 2200,
    storePrice: 1900,
    title: 'Soy Candle 200 g',
    description: 'Hand-poured, cotton wick, 40-hour burn.',
    variants: ['Cedar', 'Fig', 'Citrus', 'Tobacco'].map((scent) => ({ scent })),
  },
  {
    code: 'TOTE-CNV',
    price: 2000,
    title: 'Heavy Canvas Tote',
    description: '16 oz canvas with an inside pocket.',
    variants: ['Natural', 'Black', 'Indigo'].map((color) => ({ color })),
  },
  {
    code: 'BLKT-WOOL',
    price: 12900,
    title: 'Wool Throw Blanket',
    description: 'Lambswool, 130 x 180 cm.',
    variants: ['Oatmeal', 'Charcoal'].map((color) => ({ color })),
  },
];

const variantCode = (variant: Record<string, string>) =>
  Object.values(variant)
    .map((value) =>
      value
        .replace(/[^A-Za-z]/g, '')
        .slice(0, 3)
        .toUpperCase(),
    )
    .join('-');

export const demoProducts: Schemas['ProductUpsert'][] = families.flatMap((family) =>
  family.variants.map((variant) => ({
    sku: `${family.code}-${variantCode(variant)}`,
    title: `${family.title} (${Object.values(variant).join(', ')})`,
    description: family.description,
    attributes: { family: family.code, ...variant },
    active: true,
  })),
);

export const demoPriceBooks: Schemas['PriceBookInput'][] = [
  { id: 'online-usd', currency: 'USD', channel: null, priority: 0 },
  { id: 'stores-usd', currency: 'USD', channel: 'pos', priority: 0 },
];

const priceRow = (priceBookId: string, sku: string, unitAmount: number, minQuantity = 1): Schemas['PriceInput'] => ({
  priceBookId,
  sku,
  unitAmount,
  minQuantity,
  compareAtAmount: null,
});

export const demoPrices: Schemas['PriceInput'][] = families.flatMap((family) =>
  family.variants.flatMap((variant) => {
    const sku = `${family.code}-${variantCode(variant)}`;
    const rows = [
      priceRow('online-usd', sku, family.price),
      priceRow('stores-usd', sku, family.storePrice ?? family.price),
    ];
    // Socks get cheaper by the three-pack online.
    if (family.code === 'SOCK-MER') rows.push(priceRow('online-usd', sku, 1300, 3));
    return rows;
  }),
);

export const demoPromotions: Schemas['PromotionInput'][] = [
  {
    id: 'mugs-3-for-2',
    name: 'Mugs: buy 2, get 1 free',
    kind: 'buy_x_get_y',
    value: 10000,
    buyQuantity: 2,
    getQuantity: 1,
    target: { scope: 'skus', skus: demoProducts.filter((p) => p.attributes?.family === 'MUG-STONE').map((p) => p.sku) },
  },
  {
    id: 'welcome-10',
    name: 'Welcome: 10% off orders over $50',
    kind: 'percent_off',
    value: 1000,
    code: 'WELCOME10',
    target: { scope: 'order' },
    conditions: { minSubtotal: 5000, channels: ['web', 'app'] },
    perCustomerLimit: 1,
  },
];

/**
 * A point per whole dollar paid, each worth a cent when redeemed, and two
 * tiers above the first that earn more: so a demo checkout earns points,
 * the shop and the till show a wallet, and points can be spent.
 */
export const demoLoyaltyProgram: Schemas['LoyaltyProgram'] = {
  earn: { points: 1, perAmount: 100 },
  pointValue: 1,
  tiers: [
    { id: 'member', name: 'Member', minLifetimePoints: 0, earnMultiplierBp: 10000 },
    { id: 'silver', name: 'Silver', minLifetimePoints: 500, earnMultiplierBp: 12500 },
    { id: 'gold', name: 'Gold', minLifetimePoints: 2000, earnMultiplierBp: 15000 },
  ],
};

/**
 * Opening stock: the warehouse holds plenty, each store a few of everything.
 * Movement ids are fixed, so seeding again is a replay that changes nothing.
 */
export const demoStock: Schemas['StockMovement'][] = demoProducts.flatMap((product, index) =>
  demoLocations.map((location, locationIndex) => ({
    id: `seed:${product.sku}:${location.id}`,
    sku: product.sku,
    locationId: location.id,
    type: 'set',
    quantity: location.kind === 'warehouse' ? 120 : 2 + ((index * 7 + locationIndex * 5) % 14),
    reason: 'demo opening stock',
  })),
);
