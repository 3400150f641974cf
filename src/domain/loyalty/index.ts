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
