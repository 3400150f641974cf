import type { OrderViewer } from '../domain/orders';
import type { CallerRole, Role } from '../domain/roles';
import { customerOwnerName, guestOwnerName } from '../domain/shopper';

export { ROLES, type CallerRole, type Role } from '../domain/roles';

/** Who is calling: a user of the identity provider, or a guest holding a cart token. */
export type Principal =
  | { kind: 'user'; sub: string; role: Role; group: string | null; locationId: string | null }
  | { kind: 'guest'; cartId: string };

/**
 * What a route admits: `public` (a token is optional and only refines the
 * channel and customer group), or the roles that may call it, `guest` being a
 * holder of a guest cart token.
 */
export type Access = 'public' | readonly CallerRole[];

/** The principal as the order rules see it; a guest token sees no order. */
export function orderViewerOf(principal: Principal | null): OrderViewer {
  if (principal?.kind === 'user') return { role: principal.role, id: principal.sub, locationId: principal.locationId };
  return { role: 'guest', id: principal?.cartId ?? '', locationId: null };
}

/** The name of the caller's CartDO and ShopperDO, or null for a caller that is no shopper. */
export function shopperNameOf(principal: Principal | null): string | null {
  if (principal?.kind === 'guest') return guestOwnerName(principal.cartId);
  if (principal?.kind === 'user') return customerOwnerName(principal.sub);
  return null;
}

/** The signed-in user of a route whose guard admits only users (customers, tills, ops): its guard has run. */
export function userOf(principal: Principal | null): Extract<Principal, { kind: 'user' }> {
  if (principal?.kind !== 'user') throw new Error('a caller other than a signed-in user got past the guard');
  return principal;
}
