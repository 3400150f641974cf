export interface Allocation {
  locationId: string;
  quantity: number;
}

export interface Candidate {
  locationId: string;
  available: number;
}

export type AllocationPlan =
  { ok: true; allocations: Allocation[] } | { ok: false; requested: number; available: number };

// Most available first, then by id, so the same stock always yields the same choice.
const byMostAvailable = (a: Candidate, b: Candidate) =>
  b.available - a.available || (a.locationId < b.locationId ? -1 : a.locationId > b.locationId ? 1 : 0);

/**
 * Where to ship `quantity` from. One parcel is cheaper than two, so a single
 * location that covers everything wins (the one with the most available, which
 * keeps small stores' shelves for walk-in and pickup shoppers). Only when none
 * does is the quantity split, largest first, which needs the fewest parcels.
 * All or nothing: a network that cannot cover the quantity gets no allocation.
 */
export function allocateShipment(candidates: readonly Candidate[], quantity: number): AllocationPlan {
  const ranked = candidates.filter((candidate) => candidate.available > 0).sort(byMostAvailable);
  const total = ranked.reduce((sum, candidate) => sum + candidate.available, 0);
  if (total < quantity) return { ok: false, requested: quantity, available: total };

  const best = ranked[0];
  if (best && best.available >= quantity) return { ok: true, allocations: [{ locationId: best.locationId, quantity }] };

  const allocations: Allocation[] = [];
  let remaining = quantity;
  for (const candidate of ranked) {
    if (remaining === 0) break;
    const taken = Math.min(candidate.available, remaining);
    allocations.push({ locationId: candidate.locationId, quantity: taken });
    remaining -= taken;
  }
  return { ok: true, allocations };
}

/** A hold at one named location: it covers the quantity there or nothing is held. */
export function allocateAt(candidate: Candidate, quantity: number): AllocationPlan {
  return candidate.available >= quantity
    ? { ok: true, allocations: [{ locationId: candidate.locationId, quantity }] }
    : { ok: false, requested: quantity, available: candidate.available };
}
