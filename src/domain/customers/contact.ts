/** A phone number as Aisle stores and matches it: E.164, `+` and up to 15 digits. */
export const E164_PATTERN = /^\+[1-9]\d{1,14}$/;

export const isE164 = (phone: string): boolean => E164_PATTERN.test(phone);

/** How a till or ops found a shopper; recorded with every look-up. */
export const LOOKUP_METHODS = ['email', 'phone', 'id'] as const;
export type LookupMethod = (typeof LOOKUP_METHODS)[number];
