// No 0/O, 1/I/L: a code read out loud or typed at a till must not be ambiguous.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const PICKUP_CODE_LENGTH = 6;

/** A short code from random bytes (31^6 ≈ 887 million codes; guessing is also bounded by the POS login). */
export function pickupCodeFrom(randomBytes: Uint8Array): string {
  if (randomBytes.length < PICKUP_CODE_LENGTH) throw new RangeError(`need ${PICKUP_CODE_LENGTH} random bytes`);
  let code = '';
  for (let i = 0; i < PICKUP_CODE_LENGTH; i += 1) code += ALPHABET[(randomBytes[i] ?? 0) % ALPHABET.length];
  return code;
}

/** Codes are compared ignoring case, spaces and dashes, as people type them. */
export function samePickupCode(expected: string, typed: string): boolean {
  return expected.toUpperCase() === typed.toUpperCase().replace(/[\s-]/g, '');
}
