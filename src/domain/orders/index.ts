export {
  checkoutProblem,
  holdIdFor,
  inactiveSkus,
  pricedOrderFromBasket,
  PAYMENT_METHODS,
  pricedOrderFromQuote,
  type CheckoutPaymentMethod,
  type OrderLineDraft,
  type PricedOrder,
} from './checkout';
export {
  reservationCapBreach,
  STORE_RESERVATION_STATUSES,
  type ReservationCapBreach,
  type ReservationCaps,
  type StoreReservationStatus,
} from './store-reservation';
export { promotionUsageKeys } from './promotion-usage';
export { PICKUP_CODE_LENGTH, pickupCodeFrom, samePickupCode } from './pickup-code';
export {
  isOrderStatus,
  nextStatus,
  ORDER_EVENT_FOR_ACTION,
  ORDER_FULFILLMENT_TYPES,
  ORDER_STATUSES,
  type FulfillmentType,
  type OrderAction,
  type OrderStatus,
  type TransitionResult,
} from './status';
export {
  actsAtOrderStore,
  canSeeOrder,
  mayCancelReservation,
  mayChangeOrder,
  seesPickupCode,
  type OrderViewer,
} from './access';
export {
  mayCheckIn,
  STORE_QUEUE_FULFILLMENTS,
  STORE_QUEUE_STATUSES,
  type Arrival,
  type ArrivalCheck,
  type StoreQueueStatus,
} from './arrival';
