import { env } from 'cloudflare:workers';
import { signDevToken, type DevTokenClaims } from '../../scripts/lib/dev-token';
import { uniqueId } from './api';

/** A token as the identity provider would issue it, signed with the test suite's AUTH_SECRET. */
export const tokenFor = (claims: DevTokenClaims, secret: string = env.AUTH_SECRET) => signDevToken(claims, secret);

export const opsToken = () => tokenFor({ role: 'ops', sub: 'ops_test' });
export const customerToken = (sub = 'cus_test') => tokenFor({ role: 'customer', sub });
export const posToken = (loc: string, sub = 'pos_test') => tokenFor({ role: 'pos', sub, loc });
/** A POS terminal's token at a store, for a till of its own. */
export const posAt = (locationId: string) => posToken(locationId, uniqueId('till'));
