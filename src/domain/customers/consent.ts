/** The channels a shopper may agree to be marketed on. */
export const CONSENT_CHANNELS = ['email', 'sms', 'push'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

/** One consent: whether it is given, and when and on which sales channel the shopper last changed it. */
export interface Consent {
  granted: boolean;
  updatedAt: string | null;
  channel: string | null;
}

export type MarketingConsent = Record<ConsentChannel, Consent>;

/** What a shopper who never answered has: nothing given, never changed. */
export const NO_CONSENT: MarketingConsent = {
  email: { granted: false, updatedAt: null, channel: null },
  sms: { granted: false, updatedAt: null, channel: null },
  push: { granted: false, updatedAt: null, channel: null },
};

/** A stored consent document, read defensively: a channel added later reads as not given. */
export function consentOf(stored: Partial<MarketingConsent> | null): MarketingConsent {
  return { ...NO_CONSENT, ...stored };
}

/**
 * The consents after the shopper's answer. Only an answer that changes a
 * consent stamps it: re-sending the same booleans (a form saved whole) must
 * not move the date a privacy audit reads as "agreed on".
 */
export function applyConsent(
  current: MarketingConsent,
  answer: Partial<Record<ConsentChannel, boolean>>,
  context: { at: string; channel: string },
): MarketingConsent {
  const next = { ...current };
  for (const channel of CONSENT_CHANNELS) {
    const granted = answer[channel];
    if (granted === undefined || granted === current[channel].granted) continue;
    next[channel] = { granted, updatedAt: context.at, channel: context.channel };
  }
  return next;
}
