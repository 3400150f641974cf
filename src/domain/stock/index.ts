export { allocateAt, allocateShipment, type Allocation, type AllocationPlan, type Candidate } from './allocation';
export {
  groupBySku,
  headlineAvailable,
  levelFor,
  type LevelAudience,
  type PublicLevel,
  type StockLocation,
} from './availability';
export { haversineKm, withinRadius, type GeoPoint } from './geo';
export {
  decideCommit,
  decideRelease,
  HOLD_STATES,
  isSameReservation,
  type CommitDecision,
  type Hold,
  type HoldRequest,
  type HoldState,
  type PlacedHold,
  type Shortage,
  type ReleaseDecision,
} from './holds';
export { LEDGER_SHIPPERS, ledgerShipperName, nextWakeUp } from './ledger';
export {
  availableAt,
  DEFAULT_POLICY,
  emptyLevel,
  rawAvailable,
  STOCK_STATUSES,
  stockStatus,
  viewLevel,
  type LevelView,
  type StockLevel,
  type StockPolicy,
  type StockStatus,
} from './levels';
export {
  applyDelta,
  countDelta,
  COUNT_TYPES,
  MOVEMENT_KINDS,
  movementId,
  OVERSOLD_TOPIC,
  oversoldEventId,
  StockInvariantError,
  TRANSITION_TOPICS,
  transitionEventId,
  type AppliedDelta,
  type CountType,
  type LevelDelta,
  type MovementKind,
} from './movements';
export type * from './operations';
export { detectTransitions, type TransitionKind } from './transitions';
export { requireCallerId, requireUnits } from './validation';
