import type { OrderViewer } from '../domain/orders';

export const ROLES = ['customer', 'pos', 'ops'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: a user of the identity provider, or a guest holding a cart token. */
export type Principal =
  | { kind: 'user'; sub: string; role: Role; group: string | null; locationId: string | null }
  | { kind: 'guest'; cartId: string };

/**
 * What a route admits: `public` (a token is optional and only refines the
 * channel and customer group), or the roles that may call it, `guest` being a
 * holder of a guest cart token.
 */
export type Access = 'public' | readonly (Role | 'guest')[];

/** The principal as the order rules see it; a guest token sees no order. */
export function orderViewerOf(principal: Principal | null): OrderViewer {
  if (principal?.kind === 'user') return { role: principal.role, id: principal.sub, locationId: principal.locationId };
  return { role: 'guest', id: principal?.cartId ?? '', locationId: null };
}
