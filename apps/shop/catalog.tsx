import { useState } from 'preact/hooks';
import { call, type Schemas } from '../shared/api';
import { money } from '../shared/money';
import { href } from '../shared/route';
import { Loading, ProblemView, useAsync } from '../shared/ui';
import { useLiveAvailability, useShop } from './state';
import { StockBadge } from './stock-badge';
import { StorePicker } from './store-picker';

const PAGE_SIZE = 24;

type Price = Schemas['PriceList']['prices'][number];

/** The catalog a page at a time, each product with its price and its live stock at the chosen store. */
export function Catalog() {
  const { api } = useShop();
  const [query, setQuery] = useState('');
  const [typed, setTyped] = useState('');
  const [after, setAfter] = useState<string[]>([]);
  const page = useAsync(async () => {
    const cursor = after[after.length - 1];
    const listing = await call(
      api.GET('/v1/catalog', {
        params: { query: { limit: PAGE_SIZE, ...(query && { q: query }), ...(cursor && { after: cursor }) } },
      }),
    );
    const skus = listing.products.map((product) => product.sku);
    const prices =
      skus.length > 0 ? await call(api.GET('/v1/prices', { params: { query: { skus: skus.join(',') } } })) : undefined;
    return {
      ...listing,
      prices: new Map((prices?.prices ?? []).map((price) => [price.sku, price])),
      currency: prices?.currency ?? 'USD',
    };
  }, [query, after.join(',')]);

  const search = (event: Event) => {
    event.preventDefault();
    setAfter([]);
    setQuery(typed.trim());
  };
  return (
    <section aria-labelledby="catalog-title">
      <h1 id="catalog-title">Catalog</h1>
      <StorePicker />
      <form role="search" class="row search" onSubmit={search}>
        <label class="grow">
          <span class="visually-hidden">Search products</span>
          <input
            type="search"
            placeholder="Search: tee, mug, HOOD-FLC…"
            value={typed}
            onInput={(e) => setTyped(e.currentTarget.value)}
          />
        </label>
        <button type="submit">Search</button>
      </form>
      {page.error && <ProblemView error={page.error} onRetry={page.reload} />}
      {page.loading && <Loading label="Loading the catalog…" />}
      {page.data && !page.loading && (
        <>
          {page.data.products.length === 0 && <p>No product matches “{query}”.</p>}
          <ul class="grid" aria-label="Products">
            {page.data.products.map((product) => (
              <ProductCard
                key={product.sku}
                product={product}
                price={page.data?.prices.get(product.sku)}
                currency={page.data?.currency ?? 'USD'}
              />
            ))}
          </ul>
          <div class="row pager">
            {after.length > 0 && (
              <button type="button" onClick={() => setAfter(after.slice(0, -1))}>
                Previous page
              </button>
            )}
            {page.data.next && (
              <button type="button" onClick={() => setAfter([...after, page.data?.next ?? ''])}>
                Next page
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}

function ProductCard({
  product,
  price,
  currency,
}: {
  product: Schemas['ListedProduct'];
  price: Price | undefined;
  currency: string;
}) {
  const levels = useLiveAvailability(product.sku);
  return (
    <li class="card product-card" data-sku={product.sku}>
      <h2>
        <a href={href('product', product.sku)}>{product.title}</a>
      </h2>
      <p class="muted">{product.sku}</p>
      <p class="price">
        {price ? money(price.unitAmount, currency) : 'No price'}
        {price?.compareAtAmount && <s class="muted"> {money(price.compareAtAmount, currency)}</s>}
      </p>
      <StockBadge levels={levels} />
    </li>
  );
}
