/** A store serves shoppers in person (and may ship or hand over orders); a warehouse only ships. */
export const LOCATION_KINDS = ['store', 'warehouse'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];
