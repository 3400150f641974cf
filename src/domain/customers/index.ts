export {
  applyConsent,
  consentOf,
  CONSENT_CHANNELS,
  NO_CONSENT,
  type Consent,
  type ConsentChannel,
  type MarketingConsent,
} from './consent';
export { E164_PATTERN, isE164, LOOKUP_METHODS, type LookupMethod } from './contact';
