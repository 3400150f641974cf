import { useState } from 'preact/hooks';
import { apiClient, call, type AisleClient, type Schemas } from '../shared/api';
import type { Session } from '../shared/session';
import { Show, TableHead, useAsync } from '../shared/ui';

// One catalog page at a time: /v1/availability takes up to 100 SKUs.
const PAGE = 100;

const STATUS_TEXT: Record<Schemas['LocationAvailability']['status'], string> = {
  in_stock: 'In stock',
  low_stock: 'Low stock',
  out_of_stock: 'Out of stock',
};

interface StockRow {
  sku: string;
  title: string;
  level: Schemas['LocationAvailability'] | undefined;
}

/** A catalog page and, with the ops token, each SKU's figures at the location (onHand, reserved, safety stock). */
async function stockPage(client: AisleClient, locationId: string, q: string, after: string | undefined) {
  const page = await call(
    client.GET('/v1/catalog', { params: { query: { limit: PAGE, ...(q && { q }), ...(after && { after }) } } }),
  );
  if (page.products.length === 0) return { rows: [] as StockRow[], next: page.next };
  const { items } = await call(
    client.GET('/v1/availability', {
      params: { query: { skus: page.products.map((product) => product.sku).join(','), locationId } },
    }),
  );
  const rows = page.products.map((product) => ({
    sku: product.sku,
    title: product.title,
    level: items.find((item) => item.sku === product.sku)?.locations.find((l) => l.locationId === locationId),
  }));
  return { rows, next: page.next };
}

export function Stock({ session }: { session: Session }) {
  const client = apiClient(session.token);
  const locations = useAsync(() => call(client.GET('/v1/locations')), []);
  return (
    <section aria-labelledby="stock-title">
      <h1 id="stock-title">Stock</h1>
      <Show value={locations} label="Loading locations…">
        {({ locations: list }) => <StockAt client={client} locations={list} />}
      </Show>
    </section>
  );
}

function StockAt({ client, locations }: { client: AisleClient; locations: Schemas['Location'][] }) {
  const [locationId, setLocationId] = useState(locations[0]?.id ?? '');
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  const [onlyLow, setOnlyLow] = useState(false);
  // The `after` of each page read so far: the last one is the page shown.
  const [pages, setPages] = useState<(string | undefined)[]>([undefined]);
  const after = pages.at(-1);
  const stock = useAsync(() => stockPage(client, locationId, search, after), [locationId, search, after]);
  const restart = () => setPages([undefined]);
  return (
    <>
      <form
        class="card filters"
        aria-label="Choose stock"
        onSubmit={(event) => {
          event.preventDefault();
          setSearch(query.trim());
          restart();
        }}
      >
        <label>
          Location
          <select
            value={locationId}
            onChange={(e) => {
              setLocationId(e.currentTarget.value);
              restart();
            }}
          >
            {locations.map((location) => (
              <option key={location.id} value={location.id}>
                {location.name} ({location.kind})
              </option>
            ))}
          </select>
        </label>
        <label>
          Product
          <input
            type="search"
            value={query}
            placeholder="SKU or title"
            onInput={(e) => setQuery(e.currentTarget.value)}
          />
        </label>
        <button type="submit">Search</button>
        <label class="choice">
          <input type="checkbox" checked={onlyLow} onChange={(e) => setOnlyLow(e.currentTarget.checked)} />
          Only low or out of stock
        </label>
      </form>
      <Show value={stock} label="Loading stock…">
        {({ rows, next }) => {
          const shown = onlyLow ? rows.filter((row) => row.level?.status !== 'in_stock') : rows;
          return (
            <>
              <p class="muted" role="status">
                {rows.filter((row) => row.level?.status === 'low_stock').length} low and{' '}
                {rows.filter((row) => row.level?.status === 'out_of_stock').length} out of stock among {rows.length}{' '}
                products on this page.
              </p>
              <StockTable rows={shown} />
              <div class="row">
                {pages.length > 1 && (
                  <button type="button" onClick={() => setPages(pages.slice(0, -1))}>
                    Previous page
                  </button>
                )}
                {next && (
                  <button type="button" onClick={() => setPages([...pages, next])}>
                    Next page
                  </button>
                )}
              </div>
            </>
          );
        }}
      </Show>
    </>
  );
}

function StockTable({ rows }: { rows: StockRow[] }) {
  if (rows.length === 0) return <p>No product to show.</p>;
  return (
    <div class="table-wrap">
      <table aria-label="Stock">
        <TableHead
          columns={[
            'SKU',
            'Product',
            { label: 'On hand', num: true },
            { label: 'Reserved', num: true },
            { label: 'Safety stock', num: true },
            { label: 'Available', num: true },
            'Status',
          ]}
        />
        <tbody>
          {rows.map(({ sku, title, level }) => (
            <tr key={sku} class={level && level.status !== 'in_stock' ? `stock-row ${level.status}` : 'stock-row'}>
              <th scope="row">{sku}</th>
              <td>{title}</td>
              <td class="num">{level?.onHand ?? '—'}</td>
              <td class="num">{level?.reserved ?? '—'}</td>
              <td class="num">{level?.safetyStock ?? '—'}</td>
              <td class="num">{level?.available ?? '—'}</td>
              <td>{level && <span class={`status ${level.status}`}>{STATUS_TEXT[level.status]}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
