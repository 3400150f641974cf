export {
  NO_PROGRAM,
  pointsEarned,
  pointsReversedAfter,
  pointsValue,
  tierFor,
  WALLET_ENTRY_KINDS,
  type LoyaltyProgram,
  type LoyaltyTier,
  type WalletEntryKind,
} from './program';
export { SNAPSHOT_ENTRIES, SNAPSHOT_TRUSTED_FOR_MS, type WalletEntryView, type WalletSnapshot } from './mirror';
