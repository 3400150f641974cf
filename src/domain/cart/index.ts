export {
  applyCartChange,
  emptyCart,
  FULFILLMENT_TYPES,
  MAX_CART_LINES,
  MAX_LINE_QUANTITY,
  type CartChange,
  type CartChangeResult,
  type CartLine,
  type CartRejection,
  type CartState,
  type Fulfillment,
  type FulfillmentType,
  type OrderedLine,
} from './cart';
export { buildCartView, type CartFacts, type CartView, type CartViewLine } from './view';
export { abandonmentDueAt, abandonmentEvent, CART_ABANDONED_TOPIC, nextCartWakeUp } from './abandonment';
