import { apiClient, call } from '../shared/api';
import type { Session } from '../shared/session';
import { Show, useAsync } from '../shared/ui';

export function Catalog({ session }: { session: Session }) {
  const products = useAsync(
    () => call(apiClient(session.token).GET('/v1/catalog', { params: { query: { limit: 200 } } })),
    [],
  );
  return (
    <section aria-labelledby="catalog-title">
      <h1 id="catalog-title">Catalog</h1>
      <Show value={products} label="Loading the catalog…">
        {({ products: list }) => (
          <ul class="grid" aria-label="Products">
            {list.map((product) => (
              <li key={product.sku} class="card">
                <h2>{product.title}</h2>
                <p class="muted">{product.sku}</p>
              </li>
            ))}
          </ul>
        )}
      </Show>
    </section>
  );
}
