import type { CallerRole, Role } from '../domain/roles';

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
