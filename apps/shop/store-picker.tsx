import { useState } from 'preact/hooks';
import { call, type Schemas } from '../shared/api';
import { ProblemView, useAction } from '../shared/ui';
import { findPlace } from './places';
import { useShop } from './state';

const RADIUS_KM = 30;

type Nearby = Schemas['NearbyLocation'];

export interface StorePickerProps {
  /** What a choice does; the default makes it the store availability is shown at. */
  onChoose?: (store: Nearby) => void;
  /** Only stores offering this (pickup or curbside at checkout). */
  offering?: 'pickup' | 'curbside';
  /** The current choice's name, shown closed. */
  current?: string | null;
  heading?: string;
}

/** Stores near the shopper, by the browser's location or a typed ZIP code or neighbourhood, nearest first. */
export function StorePicker({ onChoose, offering, current, heading = 'Your store' }: StorePickerProps) {
  const { api, store, chooseStore } = useShop();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<{ near: string; stores: Nearby[] }>();
  const [hint, setHint] = useState<string>();
  const action = useAction();
  const shown = current === undefined ? (store?.name ?? null) : current;

  const look = async (near: string, lat: number, lng: number) => {
    const answer = await action.run(() =>
      call(api.GET('/v1/locations/nearby', { params: { query: { lat, lng, radiusKm: RADIUS_KM } } })),
    );
    if (!answer) return;
    const stores = answer.locations.filter(
      (location) => location.kind === 'store' && (!offering || location[offering]),
    );
    setFound({ near, stores });
  };
  const searchTyped = (event: Event) => {
    event.preventDefault();
    const place = findPlace(query);
    setHint(place ? undefined : `No place called “${query}” in Chicago; try a ZIP code such as 60614.`);
    if (place) void look(`${place.name} (${place.zip})`, place.lat, place.lng);
  };
  const useMyLocation = () => {
    if (!('geolocation' in navigator)) return setHint('This browser cannot tell its location; type a ZIP code.');
    navigator.geolocation.getCurrentPosition(
      (position) => void look('your location', position.coords.latitude, position.coords.longitude),
      () => setHint('The location is not available; type a ZIP code instead.'),
    );
  };
  const choose = (picked: Nearby) => {
    if (onChoose) onChoose(picked);
    else chooseStore(picked.id);
    setOpen(false);
  };

  return (
    <section class="card store-picker" aria-label={heading}>
      <div class="row">
        <p class="grow">
          <strong>{heading}:</strong> {shown ?? (offering ? 'none chosen' : 'delivery (no store chosen)')}
        </p>
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {shown ? 'Change store' : 'Choose a store'}
        </button>
        {!onChoose && store && (
          <button type="button" class="link" onClick={() => chooseStore(null)}>
            Delivery instead
          </button>
        )}
      </div>
      {open && (
        <div>
          <form class="row" onSubmit={searchTyped}>
            <label class="grow">
              ZIP code or neighbourhood
              <input value={query} onInput={(e) => setQuery(e.currentTarget.value)} placeholder="60614, Wicker Park…" />
            </label>
            <button type="submit">Find stores</button>
            <button type="button" onClick={useMyLocation}>
              Use my location
            </button>
          </form>
          {hint && <p role="status">{hint}</p>}
          {action.error && <ProblemView error={action.error} />}
          {found && (
            <>
              <p role="status">
                {found.stores.length} {found.stores.length === 1 ? 'store' : 'stores'} within {RADIUS_KM} km of{' '}
                {found.near}
              </p>
              <ul class="stores" aria-label="Stores nearby">
                {found.stores.map((candidate) => (
                  <li key={candidate.id} class="row">
                    <span class="grow">
                      <strong>{candidate.name}</strong> · {candidate.distanceKm.toFixed(1)} km
                      <span class="muted">
                        {' '}
                        · {[candidate.pickup && 'pickup', candidate.curbside && 'curbside'].filter(Boolean).join(', ')}
                      </span>
                    </span>
                    <button type="button" onClick={() => choose(candidate)} aria-label={`Choose ${candidate.name}`}>
                      Choose
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
