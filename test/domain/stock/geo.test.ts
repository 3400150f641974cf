import { describe, expect, it } from 'vitest';
import { haversineKm, withinRadius } from '../../../src/domain/stock';

describe('haversine distance', () => {
  it('matches known great-circle distances', () => {
    // Paris – London ≈ 343.5 km; New York – Los Angeles ≈ 3936 km.
    expect(haversineKm({ lat: 48.8566, lng: 2.3522 }, { lat: 51.5074, lng: -0.1278 })).toBeCloseTo(343.5, 0);
    expect(haversineKm({ lat: 40.7128, lng: -74.006 }, { lat: 34.0522, lng: -118.2437 })).toBeCloseTo(3936, -1);
  });

  it('is zero to itself and symmetric', () => {
    const a = { lat: 41.88, lng: -87.63 };
    const b = { lat: 42.0, lng: -87.9 };
    expect(haversineKm(a, a)).toBe(0);
    expect(haversineKm(a, b)).toBeCloseTo(haversineKm(b, a), 9);
  });

  it('crosses the antimeridian the short way', () => {
    expect(haversineKm({ lat: 0, lng: 179.5 }, { lat: 0, lng: -179.5 })).toBeCloseTo(111.2, 0);
  });
});

describe('places within a radius', () => {
  it('keeps the places inside the radius, nearest first, with their distance', () => {
    const origin = { lat: 0, lng: 0 };
    const places = [
      { id: 'far', lat: 0, lng: 1 },
      { id: 'near', lat: 0, lng: 0.1 },
      { id: 'outside', lat: 0, lng: 5 },
    ];
    const found = withinRadius(places, origin, 200);
    expect(found.map((place) => place.id)).toEqual(['near', 'far']);
    expect(found[0]?.distanceKm).toBeCloseTo(11.1, 1);
  });
});
