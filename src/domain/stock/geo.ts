export interface GeoPoint {
  lat: number;
  lng: number;
}

// IUGG mean Earth radius; the spherical model is within 0.5% of the ellipsoid, plenty for "nearest store".
const EARTH_RADIUS_KM = 6371.0088;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance by the haversine formula, which stays accurate for short distances. */
export function haversineKm(from: GeoPoint, to: GeoPoint): number {
  const dLat = radians(to.lat - from.lat);
  const dLng = radians(to.lng - from.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(from.lat)) * Math.cos(radians(to.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The places within `radiusKm` of `origin`, nearest first, each with its distance. */
export function withinRadius<P extends GeoPoint>(
  places: readonly P[],
  origin: GeoPoint,
  radiusKm: number,
): (P & { distanceKm: number })[] {
  return places
    .map((place) => ({ ...place, distanceKm: haversineKm(origin, place) }))
    .filter((place) => place.distanceKm <= radiusKm)
    .sort((a, b) => a.distanceKm - b.distanceKm);
}
