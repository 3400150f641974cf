import { parseArgs } from 'node:util';
import { ROLES } from '../src/domain/roles';
import { DEV_AUTH_SECRET, signDevToken } from './lib/dev-token';

const USAGE = `usage: npm run token -- --role ${ROLES.join('|')} --sub SUBJECT [--loc LOCATION] [--grp GROUP] [--ttl SECONDS]`;

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    sub: { type: 'string' },
    loc: { type: 'string' },
    grp: { type: 'string' },
    ttl: { type: 'string', default: String(8 * 3600) },
  },
});

const role = ROLES.find((candidate) => candidate === values.role);
if (!role || !values.sub) {
  console.error(USAGE);
  process.exit(2);
}
if (role === 'pos' && !values.loc) {
  console.error("a pos token needs --loc, the terminal's location id");
  process.exit(2);
}
const token = await signDevToken(
  { role, sub: values.sub, loc: values.loc, grp: values.grp, expiresIn: Number(values.ttl) },
  process.env.AUTH_SECRET ?? DEV_AUTH_SECRET,
);
console.log(token);
