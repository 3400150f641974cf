/** The roles an identity provider's token carries in its `role` claim. */
export const ROLES = ['customer', 'pos', 'ops'] as const;
export type Role = (typeof ROLES)[number];

/** Who a request is from, as the rules see it: a role, or `guest`, the holder of a guest cart token. */
export type CallerRole = Role | 'guest';
