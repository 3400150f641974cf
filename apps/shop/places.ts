/**
 * Where a typed place is, for "stores near me" without the browser's location: the seeded city's ZIP codes
 * and neighbourhoods (Chicago, scripts/lib/demo-data.ts). A real storefront would ask a geocoder instead.
 */
export interface Place {
  name: string;
  zip: string;
  lat: number;
  lng: number;
}

export const PLACES: Place[] = [
  { name: 'The Loop', zip: '60603', lat: 41.8807, lng: -87.6298 },
  { name: 'River North', zip: '60654', lat: 41.8924, lng: -87.6341 },
  { name: 'Lincoln Park', zip: '60614', lat: 41.9227, lng: -87.6533 },
  { name: 'Lakeview', zip: '60657', lat: 41.9403, lng: -87.6531 },
  { name: 'Wicker Park', zip: '60622', lat: 41.9073, lng: -87.6776 },
  { name: 'Logan Square', zip: '60647', lat: 41.9214, lng: -87.7016 },
  { name: 'West Loop', zip: '60607', lat: 41.8757, lng: -87.6503 },
  { name: 'Pilsen', zip: '60608', lat: 41.8525, lng: -87.6631 },
  { name: 'Bronzeville', zip: '60653', lat: 41.8196, lng: -87.6135 },
  { name: 'Hyde Park', zip: '60615', lat: 41.7994, lng: -87.5936 },
];

/** The place a query names: a ZIP code (or its start), or words of a neighbourhood's name. */
export function findPlace(query: string): Place | undefined {
  const wanted = query.trim().toLowerCase();
  if (!wanted) return undefined;
  return (
    PLACES.find((place) => place.zip === wanted) ??
    PLACES.find((place) => /^\d+$/.test(wanted) && place.zip.startsWith(wanted)) ??
    PLACES.find((place) => place.name.toLowerCase().includes(wanted))
  );
}
