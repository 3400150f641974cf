/**
 * Hash routing (`/shop/#/product/SKU`): the page is always the app's index.html, so Workers Static Assets
 * needs no single-page-app fallback, and the API's own 404s stay problem+json.
 */
import { useEffect, useState } from 'preact/hooks';

/** The route's segments, decoded: `#/product/TEE-1` is `['product', 'TEE-1']`, `#/` or none is `[]`. */
export function currentRoute(): string[] {
  return location.hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((segment) => decodeURIComponent(segment));
}

export function useRoute(): string[] {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}

/** The href of a route: `href('product', sku)`. */
export const href = (...segments: string[]): string => `#/${segments.map(encodeURIComponent).join('/')}`;

export function navigate(...segments: string[]): void {
  location.hash = href(...segments);
}
